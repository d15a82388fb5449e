// Go `%#v` renderings of the values field errors print (`[]string{"a"}`, `map[string]string{"k":"v"}`,
// `v1.LabelSelector{...}`), wrapped as GoLiteral so errors.ts prints them verbatim.

import { GoLiteral } from '../errors.js';
import type { LabelSelector } from '../types.js';

const q = (s: string): string => JSON.stringify(s);

/** `[]string{"a", "b"}`; `[]string(nil)` when missing. */
export function goStrings(list: string[] | undefined | null, type = '[]string'): GoLiteral {
  if (!list) return new GoLiteral(`${type}(nil)`);
  return new GoLiteral(`${type}{${list.map(q).join(', ')}}`);
}

function mapText(m: Record<string, string> | undefined | null): string {
  if (!m) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${q(k)}:${q(m[k])}`).join(', ')}}`;
}

/** `map[string]string{"app":"x"}` with sorted keys, as fmt prints maps. */
export function goStringMap(m: Record<string, string> | undefined | null): GoLiteral {
  return new GoLiteral(mapText(m));
}

/** `v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}` */
export function goLabelSelector(sel: LabelSelector | undefined | null): GoLiteral {
  if (!sel) return new GoLiteral('null');
  const exprs = sel.matchExpressions;
  const exprText = !exprs
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${exprs
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${q(e.key)}, Operator:${q(e.operator)}, Values:${goStrings(e.values).text}}`,
        )
        .join(', ')}}`;
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${mapText(sel.matchLabels)}, MatchExpressions:${exprText}}`);
}

/** intstr.IntOrString as %#v prints it: `intstr.IntOrString{Type:0, IntVal:0, StrVal:""}`. */
export function goIntOrString(v: number | string | undefined): GoLiteral {
  if (typeof v === 'string') return new GoLiteral(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${q(v)}}`);
  return new GoLiteral(`intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`);
}
