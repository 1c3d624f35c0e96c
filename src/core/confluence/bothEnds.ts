/**
 * A whole v2 listing walked from both ends at once: `sort=id` upwards and `sort=-id` downwards, each side stopping
 * where it meets the other. A cursor can only be followed one page after the other, so a space of 10,000 pages was
 * 41 round trips in a row before anything could be planned; from both ends it is 21, for about the same number of
 * requests (at most one more per side where they meet). A listing that fits in one page is one request, as before.
 *
 * Complete by construction: the upward side has seen every id up to the highest it got, the downward side every id
 * down to the lowest it got; once the first is at least the second, every id was seen by one of them. Items whose id
 * is not a number (never seen on Confluence) make it a plain one-ended listing.
 */
import type { JsonResponse, RequestSpec } from './executor';
import type { Json } from './requests';

type Request = (spec: RequestSpec) => Promise<JsonResponse<Json>>;
type NextOf = (res: JsonResponse<Json>) => string | undefined;

function idOf(item: Json): bigint | undefined {
  const id = item?.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || !/^\d{1,30}$/.test(String(id))) return undefined;
  return BigInt(id);
}

export async function listFromBothEnds<T>(request: Request, spec: RequestSpec, nextOf: NextOf, map: (item: Json) => T | undefined): Promise<T[]> {
  const byId = new Map<bigint, T>();
  const unnumbered: T[] = [];
  let highestUp: bigint | undefined;
  let lowestDown: bigint | undefined;
  let oneEnded = false;
  const met = () => !oneEnded && highestUp !== undefined && lowestDown !== undefined && highestUp >= lowestDown;

  const take = (results: Json[], up: boolean) => {
    for (const item of results) {
      const id = idOf(item);
      if (id === undefined) {
        oneEnded = true;
        const mapped = map(item);
        if (mapped !== undefined) unnumbered.push(mapped);
        continue;
      }
      if (up ? highestUp === undefined || id > highestUp : lowestDown === undefined || id < lowestDown) {
        if (up) highestUp = id;
        else lowestDown = id;
      }
      if (byId.has(id)) continue;
      const mapped = map(item);
      if (mapped !== undefined) byId.set(id, mapped);
    }
  };
  const walk = async (first: JsonResponse<Json> | undefined, up: boolean): Promise<void> => {
    const seen = new Set<string>();
    let res = first ?? (await request({ ...spec, query: { ...spec.query, sort: up ? 'id' : '-id' } }));
    for (;;) {
      take((res.data?.results ?? []) as Json[], up);
      const url = nextOf(res);
      // the other side got here already; a repeated link would loop forever on a misbehaving server
      if (!url || seen.has(url) || met() || (oneEnded && !up)) return;
      seen.add(url);
      res = await request({ ...spec, url, query: undefined });
    }
  };

  const first = await request({ ...spec, query: { ...spec.query, sort: 'id' } });
  if (!nextOf(first)) {
    take((first.data?.results ?? []) as Json[], true);
  } else {
    await Promise.all([walk(first, true), walk(undefined, false)]);
  }
  const ordered = [...byId.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  return unnumbered.length ? [...ordered, ...unnumbered] : ordered;
}
