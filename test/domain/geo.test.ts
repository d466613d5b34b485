import { describe, expect, it } from "vitest";
import { EARTH_RADIUS_KM, haversineKm, isValidLatLon, nearest, type LatLon } from "../../src/domain/geo.js";

const P = (latitude: number, longitude: number): LatLon => ({ latitude, longitude });

describe("haversineKm", () => {
  // Reference distances from independent great-circle calculators (mean radius 6,371 km), ±0.3 %.
  it.each<[string, LatLon, LatLon, number]>([
    ["Beijing → Shanghai", P(39.9042, 116.4074), P(31.2304, 121.4737), 1067.3],
    ["London → Paris", P(51.5074, -0.1278), P(48.8566, 2.3522), 343.6],
    ["one degree of latitude", P(30, 120), P(31, 120), 111.19],
    ["one degree of longitude on the equator", P(0, 10), P(0, 11), 111.19],
    ["one degree of longitude at 60° N is half as long", P(60, 10), P(60, 11), 55.6],
    ["across the antimeridian, the short way", P(0, 179.9), P(0, -179.9), 22.24],
    ["pole to pole", P(90, 0), P(-90, 0), Math.PI * EARTH_RADIUS_KM],
    ["antipodes on the equator", P(0, 0), P(0, 180), Math.PI * EARTH_RADIUS_KM],
    ["two demo polling stations (东村 → 西村)", P(30.1032, 120.0817), P(30.0987, 120.0642), 1.756],
  ])("%s ≈ %f km", (_name, a, b, km) => {
    expect(haversineKm(a, b)).toBeGreaterThan(km * 0.997);
    expect(haversineKm(a, b)).toBeLessThan(km * 1.003);
  });

  it("is 0 for the same point and symmetric", () => {
    expect(haversineKm(P(30.1, 120.1), P(30.1, 120.1))).toBe(0);
    expect(haversineKm(P(30.1, 120.1), P(-12, 45))).toBeCloseTo(haversineKm(P(-12, 45), P(30.1, 120.1)), 9);
  });

  it.each<[string, LatLon]>([
    ["latitude above 90", P(91, 0)],
    ["longitude below -180", P(0, -181)],
    ["NaN", P(Number.NaN, 0)],
    ["Infinity", P(0, Number.POSITIVE_INFINITY)],
  ])("refuses %s", (_name, bad) => {
    expect(isValidLatLon(bad)).toBe(false);
    expect(() => haversineKm(bad, P(0, 0))).toThrow(RangeError);
  });
});

describe("nearest", () => {
  const villages = [
    { name: "东村", latitude: 30.104, longitude: 120.081 },
    { name: "西村", latitude: 30.099, longitude: 120.064 },
    { name: "没有坐标", latitude: null, longitude: null },
    { name: "北岭村", latitude: 30.179, longitude: 120.17 },
    { name: "坏坐标", latitude: 200, longitude: 120 },
    { name: "东村的孪生", latitude: 30.104, longitude: 120.081 },
  ];
  const at = (v: (typeof villages)[number]) => v;
  const names = (r: { item: { name: string } }[]) => r.map((x) => x.item.name);

  it.each<[string, LatLon, { limit?: number; withinKm?: number }, string[]]>([
    ["closest first, three by default", P(30.1, 120.07), {}, ["西村", "东村", "东村的孪生"]],
    ["ties keep input order", P(30.104, 120.081), { limit: 2 }, ["东村", "东村的孪生"]],
    ["limit 1", P(30.18, 120.17), { limit: 1 }, ["北岭村"]],
    ["limit 0", P(30.18, 120.17), { limit: 0 }, []],
    ["within 5 km of 北岭村 only 北岭村", P(30.18, 120.17), { withinKm: 5, limit: 10 }, ["北岭村"]],
    ["nothing within 50 km of a point in the East China Sea", P(29.5, 123.5), { withinKm: 50 }, []],
  ])("%s", (_name, origin, opts, expected) => {
    expect(names(nearest(origin, villages, at, opts))).toEqual(expected);
  });

  it("skips items without a usable coordinate and reports distances", () => {
    const all = nearest(P(30.1, 120.07), villages, at, { limit: 10 });
    expect(names(all)).not.toContain("没有坐标");
    expect(names(all)).not.toContain("坏坐标");
    expect(all).toHaveLength(4);
    expect(all[0]!.distanceKm).toBeGreaterThan(0.5);
    expect(all[0]!.distanceKm).toBeLessThan(1);
  });

  it("refuses an origin that is not a coordinate", () => {
    expect(() => nearest(P(95, 0), villages, at)).toThrow(RangeError);
  });
});
