// A small TopoJSON reader (https://github.com/topojson/topojson-specification): quantised, delta-encoded arcs shared
// between neighbouring areas, stitched into polygon rings. Only what boundary files use: Polygon and MultiPolygon
// geometries in a GeometryCollection. Decoding once at load keeps rendering a plain loop over coordinates.

type Position = [number, number];
type Ring = Position[];
/** A polygon: outer ring first, then holes; coordinates are longitude, latitude. */
export type Polygon = Ring[];

type TopoGeometry =
  | { type: 'Polygon'; arcs: number[][]; properties?: Record<string, unknown> }
  | { type: 'MultiPolygon'; arcs: number[][][]; properties?: Record<string, unknown> }
  | { type: string; arcs?: unknown; properties?: Record<string, unknown> };

type Topology = {
  type: 'Topology';
  arcs: number[][][];
  transform?: { scale: [number, number]; translate: [number, number] };
  objects: Record<string, { type: string; geometries?: TopoGeometry[] }>;
};

/** One decoded feature: its properties and its polygons. */
export type Feature = { properties: Record<string, unknown>; polygons: Polygon[] };

function isTopology(value: unknown): value is Topology {
  const v = value as Topology;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.type === 'Topology' &&
    Array.isArray(v.arcs) &&
    typeof v.objects === 'object'
  );
}

/** Absolute coordinates of every arc (undoing delta encoding and quantisation when the topology is transformed). */
function decodeArcs(topology: Topology): Position[][] {
  const t = topology.transform;
  return topology.arcs.map((arc) => {
    if (!t) return arc.map((p) => [p[0]!, p[1]!] as Position);
    let x = 0;
    let y = 0;
    return arc.map((p) => {
      x += p[0]!;
      y += p[1]!;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as Position;
    });
  });
}

/** A ring from its arc indexes: a negative index ~i means arc i reversed; shared end points are kept once. */
function ringOf(indexes: number[], arcs: Position[][]): Ring {
  const ring: Ring = [];
  for (const index of indexes) {
    const arc = index >= 0 ? arcs[index] : arcs[~index]?.slice().reverse();
    if (!arc) throw new Error(`TopoJSON arc ${index} does not exist`);
    ring.push(...(ring.length ? arc.slice(1) : arc));
  }
  return ring;
}

/** Decodes the named object of a topology into features; throws on anything that is not a polygon collection. */
export function decodeTopology(json: unknown, objectName: string): Feature[] {
  if (!isTopology(json)) throw new Error('not a TopoJSON topology');
  const object = json.objects[objectName];
  if (object?.type !== 'GeometryCollection' || !Array.isArray(object.geometries))
    throw new Error(`TopoJSON object ${objectName} is not a GeometryCollection`);
  const arcs = decodeArcs(json);
  return object.geometries.map((g) => {
    let polygons: Polygon[];
    if (g.type === 'Polygon') polygons = [(g.arcs as number[][]).map((r) => ringOf(r, arcs))];
    else if (g.type === 'MultiPolygon') polygons = (g.arcs as number[][][]).map((p) => p.map((r) => ringOf(r, arcs)));
    else polygons = [];
    return { properties: g.properties ?? {}, polygons };
  });
}
