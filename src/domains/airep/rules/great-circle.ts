/** Mean Earth radius in nautical miles (6,371.0088 km / 1.852). */
const earthRadiusNm = 6371.0088 / 1.852;

/** Great-circle distance in nautical miles between two points in decimal degrees (haversine). */
export function greatCircleNm(from: { lat: number; lon: number }, to: { lat: number; lon: number }): number {
  const radians = Math.PI / 180;
  const deltaLat = (to.lat - from.lat) * radians;
  const deltaLon = (to.lon - from.lon) * radians;
  const haversine = Math.sin(deltaLat / 2) ** 2 + Math.cos(from.lat * radians) * Math.cos(to.lat * radians) * Math.sin(deltaLon / 2) ** 2;
  return 2 * earthRadiusNm * Math.asin(Math.min(1, Math.sqrt(haversine)));
}
