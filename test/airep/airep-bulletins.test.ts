import { describe, expect, it } from 'vitest';
import { checkAireps } from '../../src/domains/airep/check-aireps.ts';
import { atLine, codes } from './airep-helpers.ts';

describe('AIREP input lines and bulletins', () => {
  it('skips blank lines and # comments, keeping line numbers of the input', () => {
    const { reports, summary } = checkAireps('# morning batch\n\nARP BAW1 5130N00100W 1230 F370\n   \n  # indented comment\nARP BAW2 5130N00100W 1231 F370\n');
    expect(reports.map((report) => report.line)).toEqual([3, 6]);
    expect(summary).toEqual({ total: 2, valid: 2, invalid: 0, warnings: 0 });
  });

  it('reads CRLF line ends and a byte-order mark', () => {
    const { reports } = checkAireps('\uFEFFARP BAW1 5130N00100W 1230 F370\r\nARP BAW2 5130N00100W 1231 F370\r\n');
    expect(reports.map((report) => [report.line, report.valid, report.raw])).toEqual([
      [1, true, 'ARP BAW1 5130N00100W 1230 F370'],
      [2, true, 'ARP BAW2 5130N00100W 1231 F370'],
    ]);
  });

  it('returns no reports for an input without messages', () => {
    expect(checkAireps('# nothing today\n\n')).toEqual({ reports: [], summary: { total: 0, valid: 0, invalid: 0, warnings: 0 } });
  });

  it('dates the messages under a WMO header until the next header or NNNN', () => {
    const text = ['UAUK01 EGRR 231200', 'ARP BAW1 5130N00100W 1130 F370', '', 'ARP BAW2 5130N00100W 1131 F370', 'UAUS31 KWBC 240600 RRA', 'ARP BAW3 5130N00100W 0530 F370', 'NNNN', 'ARP BAW4 5130N00100W 0531 F370'].join('\n');
    const { reports } = checkAireps(text);
    expect(atLine(reports, 2).bulletin).toEqual({ header: 'UAUK01 EGRR 231200', day: 23, time: '1200' });
    expect(atLine(reports, 4).bulletin).toEqual({ header: 'UAUK01 EGRR 231200', day: 23, time: '1200' });
    expect(atLine(reports, 6).bulletin).toEqual({ header: 'UAUS31 KWBC 240600 RRA', day: 24, time: '0600' });
    expect(atLine(reports, 8).bulletin).toBeNull();
    expect(reports).toHaveLength(4);
  });

  it('skips ZCZC transmission lines', () => {
    const { reports } = checkAireps('ZCZC 123\nUAUK01 EGRR 231200\nARP BAW1 5130N00100W 1130 F370\nNNNN');
    expect(reports.map((report) => report.line)).toEqual([3]);
  });

  it('reports a header with an impossible date, and dates nothing by it', () => {
    for (const [header, problem] of [
      ['UAUK01 EGRR 321200', 'day 32'],
      ['UAUK01 EGRR 001200', 'day 00'],
      ['UAUK01 EGRR 232400', 'time 2400'],
      ['UAUK01 EGRR 231260', 'time 1260'],
      ['UAUK01 EGRR 2312', 'malformed'],
      ['UAUK01 EGRR 231200 XYZ', 'malformed'],
    ] as const) {
      const { reports } = checkAireps(`UAUK01 EGRR 221200\nARP BAW1 5130N00100W 1130 F370\n${header}\nARP BAW2 5130N00100W 1130 F370`);
      const line = atLine(reports, 3);
      expect(line, header).toMatchObject({ valid: false, type: null, raw: header });
      expect(codes(line)).toEqual(['bulletin_header_invalid']);
      expect(line.issues[0]!.message).toContain(problem);
      expect(atLine(reports, 4).bulletin, header).toBeNull();
    }
  });

  it('counts every warning in the summary', () => {
    const { summary } = checkAireps('ARP ABCDEFGHI 5130N00100W 1230 F240 MS30 270/210KT RMK\nARP BAW2 5130N00100W 2400 F370');
    expect(summary).toEqual({ total: 2, valid: 1, invalid: 1, warnings: 3 });
  });
});
