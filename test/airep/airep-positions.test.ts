import { describe, expect, it } from 'vitest';
import { codes, only } from './airep-helpers.ts';

describe('AIREP positions', () => {
  it('reads DDMM[N|S]DDDMM[E|W] in one group as decimal degrees, north and east positive', () => {
    expect(only('ARP BAW1 5130N00100W 1230 F370').fields).toMatchObject({ lat: 51.5, lon: -1, fix: null });
    expect(only('ARP BAW1 3345S15112E 1230 F370').fields).toMatchObject({ lat: -33.75, lon: 151.2, fix: null });
    expect(only('ARP BAW1 0000N00000W 1230 F370').fields).toMatchObject({ lat: 0, lon: 0 });
  });

  it('reads the two halves separated by a space', () => {
    const report = only('ARP BAW1 5130N 00100W 1230 F370');
    expect(report.valid).toBe(true);
    expect(report.fields).toMatchObject({ lat: 51.5, lon: -1, time: '1230', level: 370 });
  });

  it('rounds minutes that do not divide evenly to six decimals', () => {
    expect(only('ARP BAW1 2020N07005W 1230 F370').fields).toMatchObject({ lat: 20.333333, lon: -70.083333 });
  });

  it('reads a named fix of 2 to 5 letters, which has no coordinates', () => {
    for (const fix of ['KL', 'ABC', 'ABCD', 'BLUFA']) {
      const report = only(`ARP BAW1 ${fix} 1230 F370`);
      expect(report.valid, fix).toBe(true);
      expect(report.fields, fix).toMatchObject({ fix, lat: null, lon: null });
    }
  });

  it('refuses a fix of 1 or more than 5 letters', () => {
    for (const fix of ['K', 'BLUFAX']) {
      const report = only(`ARP BAW1 ${fix} 1230 F370`);
      expect(codes(report), fix).toEqual(['position_malformed']);
      expect(report.issues[0]!.message).toContain(fix);
      expect(report.fields.time).toBe('1230');
    }
  });

  it('accepts the hemisphere-first form in ARS, in one group or two', () => {
    expect(only('ARS DLH1 TS OBS AT 0905Z N2020W07005 FL390').fields).toMatchObject({ lat: 20.333333, lon: -70.083333 });
    expect(only('ARS DLH1 TS OBS AT 0905Z S2020E07005 FL390').fields).toMatchObject({ lat: -20.333333, lon: 70.083333 });
    expect(only('ARS DLH1 TS OBS AT 0905Z N2020 W07005 FL390').fields).toMatchObject({ lat: 20.333333, lon: -70.083333 });
  });

  it('accepts the ARP forms in ARS too', () => {
    expect(only('ARS DLH1 TS OBS AT 0905Z 2020N07005W FL390').fields).toMatchObject({ lat: 20.333333, lon: -70.083333 });
    expect(only('ARS DLH1 TS OBS AT 0905Z 2020N 07005W FL390').fields).toMatchObject({ lat: 20.333333, lon: -70.083333 });
    expect(only('ARS DLH1 TS OBS AT 0905Z BLUFA FL390').fields).toMatchObject({ fix: 'BLUFA', level: 390 });
  });

  it('refuses the hemisphere-first form in ARP, saying which form to use', () => {
    for (const position of ['N5130W00100', 'N5130 W00100']) {
      const report = only(`ARP BAW1 ${position} 1230 F370`);
      expect(codes(report), position).toEqual(['position_malformed']);
      expect(report.issues[0]!.message).toContain('only ARS');
      expect(report.fields.time).toBe('1230');
    }
  });

  it('reports a missing position without losing the fields after it', () => {
    const report = only('ARP BAW1 1230 F370 MS52');
    expect(codes(report)).toEqual(['position_malformed']);
    expect(report.issues[0]!.message).toMatch(/missing after the callsign \(found 1230\)/);
    expect(report.fields).toMatchObject({ time: '1230', level: 370, tempC: -52 });
  });

  it('names the half with the wrong number of digits', () => {
    expect(only('ARP BAW1 513N00100W 1230 F370').issues[0]!.message).toMatch(/latitude 513N .* 4 digits/);
    expect(only('ARP BAW1 5130N0100W 1230 F370').issues[0]!.message).toMatch(/longitude 0100W .* 5 digits/);
    expect(only('ARP BAW1 5130N 100W 1230 F370').issues[0]!.message).toMatch(/longitude 100W .* 5 digits/);
  });

  it('reports a latitude without its longitude', () => {
    const report = only('ARP BAW1 5130N 1230 F370');
    expect(codes(report)).toEqual(['position_malformed']);
    expect(report.issues[0]!.message).toContain('has no longitude');
    expect(report.fields.time).toBe('1230');
  });

  it('refuses minutes of 60 or more in either half', () => {
    const latitude = only('ARP BAW1 5160N00100W 1230 F370');
    expect(codes(latitude)).toEqual(['minutes_out_of_range']);
    expect(latitude.issues[0]!.message).toContain('5160N');
    expect(latitude.fields).toMatchObject({ lat: null, lon: -1 });
    const longitude = only('ARP BAW1 5130N00199E 1230 F370');
    expect(codes(longitude)).toEqual(['minutes_out_of_range']);
    expect(longitude.issues[0]!.message).toContain('00199E');
  });

  it('refuses a latitude beyond 90 and a longitude beyond 180, even by minutes', () => {
    expect(codes(only('ARP BAW1 9001N00100W 1230 F370'))).toEqual(['latitude_out_of_range']);
    expect(codes(only('ARP BAW1 9000N00100W 1230 F370'))).toEqual([]);
    expect(codes(only('ARP BAW1 5130N18001E 1230 F370'))).toEqual(['longitude_out_of_range']);
    expect(codes(only('ARP BAW1 5130N18000E 1230 F370'))).toEqual([]);
    const both = only('ARP BAW1 9500S19000E 1230 F370');
    expect(codes(both)).toEqual(['latitude_out_of_range', 'longitude_out_of_range']);
    expect(both.issues[0]!.message).toContain('9500S');
    expect(both.issues[1]!.message).toContain('19000E');
  });

  it('reports a group that is no position at all', () => {
    const report = only('ARP BAW1 51:30N 1230 F370');
    expect(codes(report)).toEqual(['position_malformed']);
    expect(report.issues[0]!.message).toContain('51:30N');
  });
});
