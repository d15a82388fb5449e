// r.deso.tech/whoami/whoami (the DESO labs image): a whoami that answers with a Kubernetes character drawn in
// ASCII art when NAME_APPLICATION names one (seed 003: phippy, captainkube), and like traefik/whoami otherwise.

import { goResponse } from './go-servers.js';
import type { ImageServer } from './types.js';

/** Phippy, as `curl` shows it in seed 003 (NAME_APPLICATION=phippy). */
export const PHIPPY_ART: readonly string[] = [
  '@@@@@@@@@@@LtC@@@@@0tf8@@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@88@0ii;G@8@0i;;C@@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@8LLfLCtfLLLLfffftCGCLL0@@@@@@@@@@@@@@@@@',
  '@@@@@8LLLLLfLLLLLtfLLLLLfLfC@@@@@@@@@@@@@@@@@',
  '@@@@@@8LLCi18LLLf,C0LLLLfLL8@@@@@@@@@@@@@@@@@',
  '@@@@@@@GLLi,tLLLf:;CLLLLLG8@@@@@@@@@@@@@@@@@@',
  '@@@@@@0LLLCLLLLLLCLLLLLLG@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@CLLLGGGGCCCLLLLLLLC@@@@@@@@@@@@@@@@@@@@',
  '@@@@@0fCCCGGGGCCGCLLLLLLC@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@GCGGGGGCLLGGLLLLLLC@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@0CGCffftfGLLLLLfG@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@80GLfLLCLLLLLLL8@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@@LLLLLLLLLLCL8@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@8CLLLLLLLLft10@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@8f11fLLLLfii;C@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@0iii1LLLL1i1it@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@0iiiLLLL1iiiit@@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@C;iiLCLLLt1tfLG@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@LttfLttfLLCLLLL@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@8LLLL1iiii1fLLLLG@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@GLLLLiiiiii1LLLLLGGG008@@@@@@@@@@@@@',
  '@@@@@@@@@CLLLLt111ffLLLLLLLLL1i1fLG@@@@@@@@@@',
  '@@@@@@@@@LLLffCLLLCLtffLLLLLLt11i;i1C@@@@@@@@',
  '@@@@@@@@8LLfi1tfLLLti11fLLLLLCLLf1ii1C0@@@@@@',
  '@@@@@@@@8LLfiiiitLLLLLLLLft1tfLLLLLLLffC@@@@@',
  '@@@@@@@@8LLLLfffLLLf1i1LfiiiitLLLLf1i1tfC8@@@',
  '@@@@@@@@@CLLffLCLL1iiifLtii1LLLLiiiiiiitiL@@@',
  '@@@@@@@@@GLfii1fLL1ii1LLLLfLLLLL1ii1tt1fG@@@@',
  '@@@@@@@@@8fLLtiifLLffLLLLLLLLfftfLfLLLLC@@@@@',
  '@@@@@@@@@@LLLLffLLLLLLLLLLLLLf1itffL1ifG@@@@@',
  '@@@@@@@@@@GLLLLLLLffLLLLLLLLffffLLLLLLf8@@@@@',
  '@@@@@@@@@@@LLLLLLLLLLLLLLLLLfLffLLLLLLL@@@@@@',
  '@@@@@@@@@@@0LLffffC8LfLLLLfC8080LLLLLC8@@@@@@',
  '@@@@@@@@@@@@@88088@@80GCCG0@@@@@@88@@@@@@@@@@',
];

/** Captain Kube, as `curl` shows it in seed 003 (NAME_APPLICATION=captainkube). */
export const CAPTAINKUBE_ART: readonly string[] = [
  '@@@@@@@@@@@@@@@@@@@0GGG08@@@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@@@@@@@G1:.   .,;L@@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@@@@@@L. . :t1... ;@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@@@@@@1 ,.t0i:..,..0@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@@@@@@@i..G8fL,...C@@@@@@@@@@@@@@@@@',
  '@@@@@@@@@@@@@@CCG,..;1i,..t0C8@@@@@@@@@@@@@@@',
  '@@@@@@@@@8LCCL. .....  ....  1GCCG@@@@@@@@@@@',
  '@@@@@@@@@8fffLL1;:,,,,,,,,:itLfffG@@@@@@@@@@@',
  '@@@@@@@@@@Cff11fLLfffffffLLLt1fLf8@@@@@@@@@@@',
  '@@@@@@@@@@Gff,..:1fLfLLLLt;...tLL@@@@@@@@@@@@',
  '@@@@@@@@@@CfL1.Li.,tLLLf:.;C:;LfL@@@@@@@@@@@@',
  '@@@@@@@@@@LfL1,GC,,ft:if:.L0:;Lff0@@@@@@@@@@@',
  '@@@@@@@@@8fffLtii1ft.  iL1ii1LfLfC@@@@@@@@@@@',
  '@@@@@@@@@0fLffLLLLLft;1ffLLLLffLfC@@@@@@@@@@@',
  '@@@@@@@@@GffffffffffLLLffffffffffL@@@@@@@@@@@',
  '@@@@@@@@@LfffLfffffffffffffffLffLf0@@@@@@@@@@',
  '@@@@@@@@0fLffffLffffffffffffffffLfL@@@@@@@@@@',
  '@@@@@@@@CfLLfffffffffffffffffffLLLf8@@@@@@@@@',
  '@@@@@@@@0fffffLfffffffffffffffftffL@@@@@@@@@@',
  '@@@@@@@@@CtfffffffffffffffffffLfft8@@@@@@@@@@',
  '@@@@@@@@@CfLffffffffffffffffffffLf8@@@@@@@@@@',
  '@@@@@@@@@GfLLLffffffffffffffffLLfL@@@@@@@@@@@',
  '@@@@@@@@@@GfffffffLLLLLLLLffffffL8@@@@@@@@@@@',
  '@@@@@@@@@@@8CLffttttttttttttffLG@@@@@@@@@@@@@',
  '@@@@@@@@@@@@@@@8800GGGGG00088@@@@@@@@@@@@@@@@',
];

/** The drawings the image knows, by NAME_APPLICATION value. */
const ART: Record<string, readonly string[]> = { phippy: PHIPPY_ART, captainkube: CAPTAINKUBE_ART };

/** The response body for a NAME_APPLICATION value, or undefined when the image has no drawing for it. */
export function desoWhoamiArt(name: string | undefined): string | undefined {
  const art = name !== undefined && Object.hasOwn(ART, name) ? ART[name] : undefined;
  return art ? art.map((l) => l + '\n').join('') : undefined;
}

/**
 * Wraps the traefik/whoami server: with NAME_APPLICATION set to a character the image draws, every request is
 * answered with that drawing (same port, same logging as whoami). Nothing public says what other values (or no
 * value) produce beyond seed 003 showing whoami's Hostname/IP/request dump for a container without the variable,
 * so those keep traefik/whoami's answer (the seed's older build omits the RemoteAddr and IPv6 lines).
 */
export function desoWhoamiServer(whoami: ImageServer, name: string | undefined): ImageServer {
  const body = desoWhoamiArt(name);
  if (body === undefined) return whoami;
  return {
    kind: whoami.kind,
    listens: (p) => whoami.listens(p),
    handle(req, upstream) {
      const inner = whoami.handle(req, upstream);
      return { response: goResponse(req, 200, 'OK', body, 'text/plain; charset=utf-8'), log: inner.log };
    },
  };
}
