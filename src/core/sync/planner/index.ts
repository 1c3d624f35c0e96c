/**
 * The planner: compares local files, the mapping file and one listing of the space, and decides what each page
 * needs. Steps, in order: convert the documents while the space lists (here), match each document to its page
 * (`match.ts`, `root.ts`), decide actions (`decide.ts`), block secrets (`secrets.ts`), order title hand-offs
 * (`handoffs.ts`), find orphans (`orphans.ts`).
 */
import type { Page } from '../../confluence/types';
import { manifestPageId, ProvenanceLookup } from '../provenance';
import { conversionOptions } from '../../markdown/conversionOptions';
import { assertConfigHoldsNoSecret } from '../configScreen';
import { markConflictedDocuments } from '../conflictMarkers';
import { discoverDocs } from '../discover';
import { nextTurn } from '../eventLoop';
import { buildLocalModelAsync } from '../local';
import { scrubPlanItems, withheldPlanItems } from '../screen';
import { selectKeys } from '../select';
import { mappingTitleNotes } from '../title-notes';
import type { PlanOptions, SyncPlan } from '../types';
import { planInlineComments } from './comments';
import { decideActions } from './decide';
import { planTitleHandoffs } from './handoffs';
import { matchPages } from './match';
import { planOrphans } from './orphans';
import { resolveRootParent } from './root';
import { blockSecrets } from './secrets';
import { PlanError, PlanInternal, titleKey, type PlanContext, type PlannerDeps } from './state';

export { PlanError, PlanInternal, titleKey, type ItemState, type PlannerDeps } from './state';
export { TOOL_NAME } from '../local';

/** The local half of a plan: the mapping file, the tree, the selection and the converted, screened documents. */
async function localSide(deps: PlannerDeps, opts: PlanOptions, spaceKey: string) {
  const { config, api } = deps;
  const mapping = deps.loadMapping();
  const tree = discoverDocs(deps.root, config, deps.fs);
  const selection = opts.paths?.length ? selectKeys(tree, deps.root, opts.paths) : undefined;
  if (selection && selection.selected.size === 0) {
    throw new PlanError(`None of ${opts.paths!.join(', ')} is a published document under ${config.docsRoot}/ (check the path and the include/exclude globs in .confluence.yml).`);
  }
  await assertConfigHoldsNoSecret(config, deps.scanSecrets);
  const local = await buildLocalModelAsync(
    {
      root: deps.root, config, markdown: deps.markdown, spaceKey, fs: deps.fs, convertOnly: selection?.withAncestors,
      // one set of conversion options from the config and the site (Data Center: its code languages, anchor macros)
      conversion: conversionOptions({ flavor: api.capabilities.flavor, codeLineNumbers: config.codeLineNumbers }),
      screen: deps.scanSecrets,
      diagrams: deps.diagrams,
      cache: deps.cache,
    },
    tree,
    opts.signal,
  );
  return { mapping, tree, selection, local };
}

/** Compares local files, the mapping file and one listing of the space, and decides what each page needs. */
export async function buildPlan(deps: PlannerDeps, opts: PlanOptions = {}): Promise<SyncPlan> {
  const { config, api } = deps;
  const signal = opts.signal;
  const spaceKey = config.spaceKey;
  if (!spaceKey) {
    throw new PlanError('No Confluence space given: set `space: KEY` in .confluence.yml, or pass --space KEY (or CONFLUENCE_SPACE).');
  }
  // The space and its listing (one request after another: the longest path of a no-op run over 10,000 pages) load
  // while the mapping is read, the tree walked and the documents converted.
  // A plan that fails before it needs the listing stops it (no 40 reads left running against a rate limit).
  const stopListing = new AbortController();
  const listingSignal = signal ? AbortSignal.any([signal, stopListing.signal]) : stopListing.signal;
  const remote = (async () => {
    const space = await api.getSpace(spaceKey, { signal: listingSignal });
    return { space, pages: await api.listPages(space.id, { signal: listingSignal }) };
  })();
  remote.catch(() => undefined);
  const { mapping, tree, selection, local } = await localSide(deps, opts, spaceKey).catch((err: unknown) => {
    stopListing.abort();
    throw err;
  });
  markConflictedDocuments(local.nodes.values());
  await nextTurn();
  mappingTitleNotes(local, mapping, config.mappingFile);
  await nextTurn();
  const { space, pages: listingPages } = await remote;
  const byId = new Map(listingPages.map((p) => [p.id, p]));
  // Confluence compares titles trimmed and (by default) ignoring case.
  const byTitle = new Map<string, Page>();
  for (const p of listingPages) byTitle.set(titleKey(p.title), p);
  const rootParentId = resolveRootParent(config, space, byId, byTitle);
  const ctx: PlanContext = {
    deps, config, api, signal, spaceKey, mapping, local, selection, space, byId, byTitle, rootParentId,
    states: new Map(),
    takenOver: new Set(),
    provenance: new ProvenanceLookup(api, manifestPageId(local, mapping, (t) => byTitle.get(titleKey(t)), config.rootPageTitle), signal),
  };

  // each step is short, but over 10,000 pages the event loop gets a turn between them
  await matchPages(ctx);
  await nextTurn();
  decideActions(ctx);
  await nextTurn();
  await blockSecrets(ctx);
  planTitleHandoffs(ctx.states, byTitle);
  await planInlineComments(ctx);
  const orphanItems = await planOrphans(ctx);

  const { states } = ctx;
  for (const item of withheldPlanItems(local)) states.set(item.file, { item, waitFor: [], intended: 'unchanged', ancestorOnly: false });
  const items = [...[...states.values()].map((s) => s.item).filter((i) => i.action !== 'orphan'), ...orphanItems];
  scrubPlanItems(items, new Map([...local.nodes.values()].filter((n) => n.findings?.length).map((n) => [n.key, n.rawTitle ?? n.title])));
  const summary: Record<string, number> = {};
  for (const i of items) summary[i.action] = (summary[i.action] ?? 0) + 1;
  const internal = new PlanInternal(deps.engineId, local, space, rootParentId, states, mapping, byId);
  internal.provenance = ctx.provenance;
  const plan: SyncPlan = { items, rootPageTitle: config.rootPageTitle, spaceKey, summary };
  if (tree.warnings.length) plan.warnings = tree.warnings;
  // Not enumerable: front ends may serialise or clone the plan (webviews, --json) without dragging this along.
  Object.defineProperty(plan, 'internal', { value: internal, enumerable: false });
  return plan;
}
