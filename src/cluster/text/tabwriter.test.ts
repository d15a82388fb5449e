import { describe, expect, it } from 'vitest';
import { DESCRIBE_TABWRITER, tabwrite } from './tabwriter.js';

describe('tabwrite (get settings 6,4,3)', () => {
  it('pads columns to max(6, widest+3), leaves the last cell unpadded', () => {
    const text = 'NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb\t0/1\tContainerCreating\t0\t8s\n';
    expect(tabwrite(text)).toBe('NAME   READY   STATUS              RESTARTS   AGE\nweb    0/1     ContainerCreating   0          8s\n');
  });
  it('keeps trailing spaces when the last cell is empty (get-contexts example of the reference)', () => {
    const text = 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n*\tkind-kind\tkind-kind\tkind-kind\t\n\tp\tprod\tadmin\tweb-team-namespace\n';
    expect(tabwrite(text)).toBe(
      'CURRENT   NAME        CLUSTER     AUTHINFO    NAMESPACE\n' + '*         kind-kind   kind-kind   kind-kind   \n' + '          p           prod        admin       web-team-namespace\n',
    );
  });
  it('a line without tabs ends the column blocks', () => {
    const text = 'a\tb\nlonger-cell\tc\nflush\nx\ty\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('a            b\nlonger-cell  c\nflush\nx  y\n');
  });
  it('column blocks are computed per run of lines having that column', () => {
    const text = 'Port:\t<unset>\t80/TCP\nTargetPort:\t80/TCP\nEndpoints:\t10.0.0.1:80\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('Port:        <unset>  80/TCP\nTargetPort:  80/TCP\nEndpoints:   10.0.0.1:80\n');
  });
  it('counts runes, not bytes', () => {
    expect(tabwrite('é\tx\nab\ty\n', DESCRIBE_TABWRITER)).toBe('é   x\nab  y\n');
  });
  it('a partial last line gets no newline', () => {
    expect(tabwrite('a\tb\nc\td')).toBe('a     b\nc     d');
  });
});
