import { describe, expect, it } from 'vitest';
import { checkAireps } from '../../src/domains/airep/check-aireps.ts';
import { minutesBetween } from '../../src/domains/airep/rules/ground-speed.ts';
import { greatCircleNm } from '../../src/domains/airep/rules/great-circle.ts';
import { atLine, codes, only } from './airep-helpers.ts';

describe('AIREP plausibility rules', () => {
  describe('temperature at level', () => {
    it('refuses a temperature above -20 C at or above FL350', () => {
      const report = only('ARP BAW1 5130N00100W 1230 F350 MS19');
      expect(report.valid).toBe(false);
      expect(report.issues).toEqual([{ code: 'temperature_implausible_at_level', severity: 'error', message: expect.stringMatching(/-19 °C .* 350/) }]);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F390 PS05'))).toEqual(['temperature_implausible_at_level']);
    });

    it('accepts -20 C at FL350, and anything warmer below FL350', () => {
      expect(codes(only('ARP BAW1 5130N00100W 1230 F350 MS20'))).toEqual([]);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F340 MS05'))).toEqual([]);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F350 MS199'))).toEqual(['temperature_implausible_at_level']);
    });
  });

  describe('wind', () => {
    it('warns about wind over 200 kt below FL250, and the message stays valid', () => {
      const report = only('ARP BAW1 5130N00100W 1230 F240 MS30 270/201KT');
      expect(report.valid).toBe(true);
      expect(report.issues).toEqual([{ code: 'wind_speed_high_low_level', severity: 'warning', message: expect.stringContaining('201 kt') }]);
    });

    it('says nothing at 200 kt, or at FL250 and above', () => {
      expect(codes(only('ARP BAW1 5130N00100W 1230 F240 MS30 270/200KT'))).toEqual([]);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F250 MS30 270/250KT'))).toEqual([]);
    });
  });

  describe('callsign', () => {
    it('warns about a callsign longer than 7 characters', () => {
      const report = only('ARP ABCDEFGH 5130N00100W 1230 F370');
      expect(report.valid).toBe(true);
      expect(report.issues).toEqual([{ code: 'callsign_too_long', severity: 'warning', message: expect.stringContaining('ABCDEFGH') }]);
      expect(codes(only('ARP ABCDEFG 5130N00100W 1230 F370'))).toEqual([]);
    });
  });

  describe('duplicates', () => {
    it('marks the repeat of an earlier message invalid, naming the first line', () => {
      const { reports, summary } = checkAireps('ARP BAW1 5130N00100W 1230 F370\nARP BAW2 5130N00100W 1230 F370\nARP BAW1 5130N00100W 1230 F370');
      expect(atLine(reports, 1).valid).toBe(true);
      expect(atLine(reports, 2).valid).toBe(true);
      expect(atLine(reports, 3).issues).toEqual([{ code: 'duplicate_message', severity: 'error', message: expect.stringContaining('line 1') }]);
      expect(summary).toEqual({ total: 3, valid: 2, invalid: 1, warnings: 0 });
    });

    it('ignores spacing, letter case and the end-of-message sign', () => {
      const { reports } = checkAireps('ARP BAW1 5130N00100W 1230 F370\narp  baw1 5130N00100W   1230 F370=');
      expect(codes(atLine(reports, 2))).toEqual(['duplicate_message']);
    });

    it('does not take the same text under another bulletin date for a repeat', () => {
      const { reports } = checkAireps('UAUK01 EGRR 231200\nARP BAW1 5130N00100W 1130 F370\nUAUK01 EGRR 241200\nARP BAW1 5130N00100W 1130 F370');
      expect(atLine(reports, 4).valid).toBe(true);
    });

    it('keeps a repeat out of the ground speed check', () => {
      const { reports } = checkAireps('ARP BAW1 5000N00000E 1200 F370\nARP BAW1 5000N00000E 1200 F370\nARP BAW1 5000N00100E 1210 F370');
      expect(codes(atLine(reports, 2))).toEqual(['duplicate_message']);
      expect(codes(atLine(reports, 3))).toEqual([]);
    });
  });

  describe('ground speed', () => {
    it('measures great-circle distance in nautical miles', () => {
      expect(greatCircleNm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(60.04, 1);
      expect(greatCircleNm({ lat: 51.4775, lon: -0.4614 }, { lat: 40.6398, lon: -73.7789 })).toBeCloseTo(2991, -1);
    });

    it('warns when two reports of one callsign imply more than 1,100 kt', () => {
      // 60 nm (one degree of latitude) in 3 minutes is 1,200 kt.
      const { reports, summary } = checkAireps('ARP BAW1 5000N00000E 1200 F370\nARP BAW2 0000N00000E 1201 F370\nARP BAW1 5100N00000E 1203 F370');
      const warning = atLine(reports, 3).issues[0]!;
      expect(warning).toMatchObject({ code: 'ground_speed_implausible', severity: 'warning' });
      expect(warning.message).toMatch(/BAW1 from line 1 .* 1,201 kt: 60 nm in 3 min/);
      expect(atLine(reports, 3).valid).toBe(true);
      expect(summary.warnings).toBe(1);
    });

    it('says nothing at a plausible speed', () => {
      // 60 nm in 4 minutes is 900 kt.
      const { reports } = checkAireps('ARP BAW1 5000N00000E 1200 F370\nARP BAW1 5100N00000E 1204 F370');
      expect(codes(atLine(reports, 2))).toEqual([]);
    });

    it('skips reports at named fixes, which have no coordinates', () => {
      const { reports } = checkAireps('ARP BAW1 BLUFA 1200 F370\nARP BAW1 5000N00000E 1200 F370\nARP BAW1 ROKIT 1201 F370');
      expect(reports.every((report) => report.issues.length === 0)).toBe(true);
    });

    it('compares with the last report that had coordinates', () => {
      const { reports } = checkAireps('ARP BAW1 5000N00000E 1200 F370\nARP BAW1 BLUFA 1201 F370\nARP BAW1 5100N00000E 1202 F370');
      expect(codes(atLine(reports, 3))).toEqual(['ground_speed_implausible']);
    });

    it('treats a later report timed earlier as crossing midnight', () => {
      const { reports } = checkAireps('ARP BAW1 5000N00000E 2359 F370\nARP BAW1 5100N00000E 0002 F370');
      expect(atLine(reports, 2).issues[0]!.message).toContain('in 3 min');
    });

    it('warns about two distant reports at the same minute', () => {
      const { reports } = checkAireps('ARP BAW1 5000N00000E 1200 F370\nARP BAW1 5100N00000E 1200 F370');
      expect(atLine(reports, 2).issues[0]!.message).toContain('no time at all');
      const close = checkAireps('ARP BAW1 5000N00000E 1200 F370\nARP BAW1 5001N00000E 1200 F370');
      expect(codes(atLine(close.reports, 2))).toEqual([]);
    });

    it('dates reports by their bulletin, a report timed after the bulletin being from the day before', () => {
      // Out of order in the file: 0010 on the 24th, then 2355 on the 23rd: 15 minutes apart, 1 degree of latitude.
      const text = 'UAUK01 EGRR 240015\nARP BAW1 5000N00000E 0010 F370\nARP BAW1 5100N00000E 2355 F370';
      expect(atLine(checkAireps(text).reports, 3).issues).toEqual([]);
      const fast = 'UAUK01 EGRR 240015\nARP BAW1 5000N00000E 0010 F370\nARP BAW1 5500N00000E 2355 F370';
      expect(atLine(checkAireps(fast).reports, 3).issues[0]!.message).toContain('in 15 min');
      // Without the bulletin, the same two reports are 23 h 45 min apart.
      expect(codes(atLine(checkAireps(fast.split('\n').slice(1).join('\n')).reports, 2))).toEqual([]);
    });

    it('places bulletins of different days and across a month end', () => {
      const report = (day: number, time: string, bulletinTime = '1200') => ({ line: 1, callsign: 'X', lat: 0, lon: 0, time, bulletin: { day, time: bulletinTime } });
      expect(minutesBetween(report(23, '1130'), report(24, '1130'))).toBe(24 * 60);
      expect(minutesBetween(report(31, '2350', '2355'), report(1, '0010', '0015'))).toBe(20);
      expect(minutesBetween({ ...report(1, '1200'), bulletin: null }, { ...report(1, '1100'), bulletin: null })).toBe(23 * 60);
    });
  });
});
