/**
 * Distances on the earth for "which villages/communities are near where I am" (a shared location).
 *
 * Great-circle distance by the haversine formula on a sphere of the mean earth radius (6,371.0088 km,
 * IUGG). Against the WGS-84 ellipsoid its error is below 0.5 %, i.e. a few metres between villages:
 * far smaller than the size of a village, so good enough to rank them; never used to decide anything
 * (the voter roll decides a voter's constituency).
 *
 * Pure: no I/O, no clock.
 */

export interface LatLon {
  latitude: number;
  longitude: number;
}

export const EARTH_RADIUS_KM = 6371.0088;

const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Whether a point is a real WGS-84 coordinate (finite, latitude ±90, longitude ±180). */
export function isValidLatLon(p: LatLon): boolean {
  return (
    Number.isFinite(p.latitude) &&
    Number.isFinite(p.longitude) &&
    Math.abs(p.latitude) <= 90 &&
    Math.abs(p.longitude) <= 180
  );
}

/** Great-circle distance in km; throws RangeError for a point that is not a coordinate. */
export function haversineKm(a: LatLon, b: LatLon): number {
  if (!isValidLatLon(a) || !isValidLatLon(b)) {
    throw new RangeError(`haversineKm: not a coordinate: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  }
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  // min(1, …): rounding can push h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Ranked<T> {
  item: T;
  distanceKm: number;
}

export interface NearestOptions {
  /** At most this many (default 3). */
  limit?: number;
  /** Only points within this distance (default: any distance). */
  withinKm?: number;
}

/**
 * The points nearest to `origin`, closest first; equal distances keep the input order. Items
 * without a usable coordinate (null, NaN, out of range) are skipped, never placed at 0 km.
 */
export function nearest<T>(
  origin: LatLon,
  items: readonly T[],
  at: (item: T) => { latitude?: number | null; longitude?: number | null } | null | undefined,
  opts: NearestOptions = {},
): Ranked<T>[] {
  if (!isValidLatLon(origin)) throw new RangeError(`nearest: origin is not a coordinate: ${JSON.stringify(origin)}`);
  const limit = opts.limit ?? 3;
  const within = opts.withinKm ?? Infinity;
  const ranked: Ranked<T>[] = [];
  for (const item of items) {
    const p = at(item);
    if (p?.latitude == null || p.longitude == null) continue;
    const point = { latitude: p.latitude, longitude: p.longitude };
    if (!isValidLatLon(point)) continue;
    const distanceKm = haversineKm(origin, point);
    if (distanceKm <= within) ranked.push({ item, distanceKm });
  }
  // Array.prototype.sort is stable: ties keep input order.
  return ranked.sort((a, b) => a.distanceKm - b.distanceKm).slice(0, Math.max(0, limit));
}
