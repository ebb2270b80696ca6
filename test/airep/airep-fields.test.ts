import { describe, expect, it } from 'vitest';
import { codes, only } from './airep-helpers.ts';

describe('AIREP fields', () => {
  describe('message forms', () => {
    it('reads a full routine report', () => {
      const report = only('ARP BAW123 5130N00100W 1230 F370 MS52 250/045KT TB MOD ICE LGT');
      expect(report).toMatchObject({ line: 1, raw: 'ARP BAW123 5130N00100W 1230 F370 MS52 250/045KT TB MOD ICE LGT', valid: true, type: 'ARP', issues: [], bulletin: null });
      expect(report.fields).toEqual({
        callsign: 'BAW123',
        lat: 51.5,
        lon: -1,
        fix: null,
        time: '1230',
        level: 370,
        tempC: -52,
        windDir: 250,
        windKt: 45,
        turbulence: 'MOD',
        icing: 'LGT',
        phenomenon: null,
      });
    });

    it('reads a special report with a layer', () => {
      const report = only('ARS DLH1 SEV TURB OBS AT 0905Z N2020W07005 FL180/210');
      expect(report.valid).toBe(true);
      expect(report.fields).toEqual({
        callsign: 'DLH1',
        lat: 20.333333,
        lon: -70.083333,
        fix: null,
        time: '0905',
        level: 180,
        tempC: null,
        windDir: null,
        windKt: null,
        turbulence: null,
        icing: null,
        phenomenon: 'SEV TURB',
      });
    });

    it('reads messages case-insensitively and drops the end-of-message sign', () => {
      const report = only('arp baw1 5130n00100w 1230 fl370 ms52=');
      expect(report.valid).toBe(true);
      expect(report.fields).toMatchObject({ callsign: 'BAW1', lat: 51.5, level: 370, tempC: -52 });
      expect(report.raw).toBe('arp baw1 5130n00100w 1230 fl370 ms52=');
      expect(only('ARP BAW1 5130N00100W 1230 F370 =').valid).toBe(true);
    });

    it('refuses an unknown designator, naming it', () => {
      const report = only('AIREP BAW1 5130N00100W 1230 F370');
      expect(report).toMatchObject({ valid: false, type: null });
      expect(codes(report)).toEqual(['unknown_designator']);
      expect(report.issues[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('AIREP') });
    });

    it('reports a missing or malformed callsign', () => {
      expect(codes(only('ARP'))).toEqual(['callsign_malformed', 'position_malformed', 'time_malformed', 'level_malformed']);
      const missing = only('ARP 5130N00100W 1230 F370');
      expect(codes(missing)).toEqual(['callsign_malformed']);
      expect(missing.fields).toMatchObject({ callsign: null, lat: 51.5, time: '1230', level: 370 });
      expect(codes(only('ARP BAW_1 5130N00100W 1230 F370'))).toEqual(['callsign_malformed']);
    });
  });

  describe('time', () => {
    it('accepts 0000 to 2359, with or without Z', () => {
      expect(only('ARP BAW1 5130N00100W 0000 F370').fields.time).toBe('0000');
      expect(only('ARP BAW1 5130N00100W 2359Z F370').fields.time).toBe('2359');
    });

    it('refuses hours over 23 and minutes over 59', () => {
      for (const time of ['2400', '1260', '9999']) {
        const report = only(`ARP BAW1 5130N00100W ${time} F370`);
        expect(codes(report), time).toEqual(['time_out_of_range']);
        expect(report.issues[0]!.message).toContain(time);
      }
    });

    it('reports a malformed or missing time', () => {
      expect(codes(only('ARP BAW1 5130N00100W 123 F370'))).toEqual(['time_malformed']);
      const missing = only('ARP BAW1 5130N00100W F370 MS52');
      expect(codes(missing)).toEqual(['time_malformed']);
      expect(missing.fields).toMatchObject({ level: 370, tempC: -52 });
    });
  });

  describe('level', () => {
    it('reads F370, FL370 and A050 in hundreds of feet', () => {
      expect(only('ARP BAW1 5130N00100W 1230 F370').fields.level).toBe(370);
      expect(only('ARP BAW1 5130N00100W 1230 FL370').fields.level).toBe(370);
      expect(only('ARP BAW1 5130N00100W 1230 A050').fields.level).toBe(50);
      expect(only('ARP BAW1 5130N00100W 1230 F000').fields.level).toBe(0);
      expect(only('ARP BAW1 5130N00100W 1230 F650').valid).toBe(true);
    });

    it('refuses a level above 650', () => {
      const report = only('ARP BAW1 5130N00100W 1230 FL660');
      expect(codes(report)).toEqual(['level_out_of_range']);
      expect(report.issues[0]!.message).toContain('FL660');
      expect(codes(only('ARP BAW1 5130N00100W 1230 A700'))).toEqual(['level_out_of_range']);
    });

    it('needs 3 digits, and a layer only in ARS', () => {
      expect(codes(only('ARP BAW1 5130N00100W 1230 F37'))).toEqual(['level_malformed']);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F3700'))).toEqual(['level_malformed']);
      expect(codes(only('ARP BAW1 5130N00100W 1230 FL180/210'))).toEqual(['level_malformed']);
      expect(codes(only('ARS BAW1 TS OBS AT 1230Z FL180/210'))).toEqual([]);
      expect(codes(only('ARS BAW1 TS OBS AT 1230Z FL180/660'))).toEqual(['level_out_of_range']);
      expect(codes(only('ARS BAW1 TS OBS AT 1230Z FL210/180'))).toEqual(['level_malformed']);
    });

    it('reports a missing level', () => {
      const report = only('ARP BAW1 5130N00100W 1230 MS52');
      expect(codes(report)).toEqual(['level_malformed']);
      expect(report.fields.tempC).toBe(-52);
    });
  });

  describe('temperature', () => {
    it('reads MS and PS in whole degrees and, with three digits, tenths', () => {
      expect(only('ARP BAW1 5130N00100W 1230 F370 MS52').fields.tempC).toBe(-52);
      expect(only('ARP BAW1 5130N00100W 1230 F100 PS05').fields.tempC).toBe(5);
      expect(only('ARP BAW1 5130N00100W 1230 F370 MS513').fields.tempC).toBe(-51.3);
      expect(only('ARP BAW1 5130N00100W 1230 F100 PS005').fields.tempC).toBe(0.5);
      expect(Object.is(only('ARP BAW1 5130N00100W 1230 F100 MS00').fields.tempC, 0)).toBe(true);
    });

    it('refuses a temperature above +60 C', () => {
      const report = only('ARP BAW1 5130N00100W 1230 F100 PS61');
      expect(codes(report)).toEqual(['temperature_out_of_range']);
      expect(report.issues[0]!.message).toContain('PS61');
      expect(codes(only('ARP BAW1 5130N00100W 1230 F100 PS60'))).toEqual([]);
    });

    it('reports a malformed temperature', () => {
      for (const temperature of ['M52', 'PS5', 'MS5130', 'P05']) {
        expect(codes(only(`ARP BAW1 5130N00100W 1230 F370 ${temperature}`)), temperature).toEqual(['temperature_malformed']);
      }
    });
  });

  describe('wind', () => {
    it('reads ddd/sss with or without KT', () => {
      expect(only('ARP BAW1 5130N00100W 1230 F370 250/045KT').fields).toMatchObject({ windDir: 250, windKt: 45 });
      expect(only('ARP BAW1 5130N00100W 1230 F370 250/45').fields).toMatchObject({ windDir: 250, windKt: 45 });
      expect(only('ARP BAW1 5130N00100W 1230 F370 360/300').valid).toBe(true);
    });

    it('refuses a direction over 360 and a speed over 300 kt', () => {
      const direction = only('ARP BAW1 5130N00100W 1230 F370 361/045');
      expect(codes(direction)).toEqual(['wind_direction_out_of_range']);
      expect(direction.issues[0]!.message).toContain('361');
      const speed = only('ARP BAW1 5130N00100W 1230 F370 250/301KT');
      expect(codes(speed)).toEqual(['wind_speed_out_of_range']);
      expect(speed.issues[0]!.message).toContain('301');
    });

    it('reports a malformed wind', () => {
      for (const wind of ['25/045', '250/4', '250/045MPS', '250/']) {
        expect(codes(only(`ARP BAW1 5130N00100W 1230 F370 ${wind}`)), wind).toEqual(['wind_malformed']);
      }
    });
  });

  describe('turbulence and icing', () => {
    it('reads TB or TURB with an intensity, a range, and CAT or INC', () => {
      expect(only('ARP BAW1 5130N00100W 1230 F370 TB MOD').fields.turbulence).toBe('MOD');
      expect(only('ARP BAW1 5130N00100W 1230 F370 TURB SEV').fields.turbulence).toBe('SEV');
      expect(only('ARP BAW1 5130N00100W 1230 F370 TB LGT-MOD CAT').fields.turbulence).toBe('LGT-MOD CAT');
      expect(only('ARP BAW1 5130N00100W 1230 F370 ICE FBL').fields.icing).toBe('FBL');
    });

    it('reads the optional groups in any order', () => {
      const report = only('ARP BAW1 5130N00100W 1230 F370 ICE MOD TB LGT 250/045 MS52');
      expect(report.valid).toBe(true);
      expect(report.fields).toMatchObject({ icing: 'MOD', turbulence: 'LGT', windDir: 250, tempC: -52 });
    });

    it('reports a missing or unknown intensity', () => {
      expect(codes(only('ARP BAW1 5130N00100W 1230 F370 TB'))).toEqual(['turbulence_malformed']);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F370 TURB HEAVY'))).toEqual(['turbulence_malformed']);
      const icing = only('ARP BAW1 5130N00100W 1230 F370 ICE HVY MS52');
      expect(codes(icing)).toEqual(['icing_malformed']);
      expect(icing.issues[0]!.message).toContain('HVY');
      expect(icing.fields.tempC).toBe(-52);
    });

    it('refuses a group given twice', () => {
      expect(codes(only('ARP BAW1 5130N00100W 1230 F370 MS52 MS50'))).toEqual(['duplicate_group']);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F370 250/045 260/050'))).toEqual(['duplicate_group']);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F370 TB MOD TB SEV'))).toEqual(['duplicate_group']);
      expect(codes(only('ARP BAW1 5130N00100W 1230 F370 F390'))).toEqual(['duplicate_group']);
      expect(only('ARP BAW1 5130N00100W 1230 F370 MS52 MS50').fields.tempC).toBe(-52);
    });

    it('warns about a group of no known shape and ignores it', () => {
      const report = only('ARP BAW1 5130N00100W 1230 F370 MS52 RMK');
      expect(report.valid).toBe(true);
      expect(report.issues).toEqual([{ code: 'unrecognized_group', severity: 'warning', message: expect.stringContaining('RMK') }]);
    });
  });

  describe('ARS phenomena', () => {
    const phenomena = ['TS', 'TSGR', 'SEV TURB', 'SEV ICE', 'SEV MTW', 'HVY SS', 'VA CLD', 'VA', 'MOD TURB', 'MOD ICE'];

    it.each(phenomena)('reads %s', (phenomenon) => {
      const report = only(`ARS KLM1 ${phenomenon} OBS AT 1242Z N4510W01030 FL390`);
      expect(report.valid).toBe(true);
      expect(report.fields).toMatchObject({ phenomenon, time: '1242', lat: 45.166667, lon: -10.5, level: 390 });
    });

    it('refuses an ARS without a phenomenon', () => {
      const report = only('ARS KLM1 OBS AT 1242Z N4510W01030 FL390');
      expect(codes(report)).toEqual(['phenomenon_missing']);
      expect(report.fields).toMatchObject({ time: '1242', level: 390 });
      expect(codes(only('ARS KLM1'))).toEqual(['phenomenon_missing', 'time_malformed']);
    });

    it('refuses a phenomenon not in the list, naming it', () => {
      const report = only('ARS KLM1 LGT TURB OBS AT 1242Z FL390');
      expect(codes(report)).toEqual(['phenomenon_unknown']);
      expect(report.issues[0]!.message).toContain('LGT TURB');
      expect(report.fields).toMatchObject({ phenomenon: null, time: '1242', level: 390 });
    });

    it('needs OBS AT before the time', () => {
      expect(codes(only('ARS KLM1 TS 1242Z FL390'))).toEqual(['time_malformed']);
      expect(codes(only('ARS KLM1 TS OBS 1242Z FL390'))).toEqual(['time_malformed']);
      expect(codes(only('ARS KLM1 TS OBS AT FL390'))).toEqual(['time_malformed']);
      expect(only('ARS KLM1 TS 1242Z FL390').fields.time).toBe('1242');
    });

    it('needs neither position nor level, and takes them in either order', () => {
      expect(only('ARS KLM1 VA OBS AT 1242Z').valid).toBe(true);
      expect(only('ARS KLM1 VA OBS AT 1242Z FL390 N4510W01030').fields).toMatchObject({ level: 390, lat: 45.166667 });
    });
  });
});
