// The buying committee's org chart: who reports to whom, as a forest.
//
// Decisions (tested in tests/unit/org-chart.test.ts):
// - A person sits under their manager while that manager is in the list and
//   has not left. Whoever's manager left becomes a root, remembering the one
//   who left (`managerLeft`), so the chart shows the gap; whoever's manager is
//   not in the list at all becomes a plain root.
// - People who left are charted only when asked (`includeLeft`), at their own
//   place; they never have reports (their reports are roots, as above).
// - Siblings and roots keep the order of the input.
// - The data may hold a reporting loop (imports set links in bulk). The chart
//   never loops: in each loop the member that comes first in the input becomes
//   a root, marked `loopBroken`.
// - wouldCreateCycle answers whether making `managerId` someone's manager closes
//   a loop, over every link on record (people who left included: a loop through
//   them is still a loop). The walk takes at most one step per person.

export interface OrgPerson {
  id: string;
  reports_to_id: string | null;
  left_on: string | null;
}

export interface OrgNode<P extends OrgPerson> {
  person: P;
  reports: OrgNode<P>[];
  /** The manager on record, when they left (this person is a root because of it). */
  managerLeft: P | null;
  /** This person's link was set aside to break a reporting loop. */
  loopBroken: boolean;
}

export function buildOrgChart<P extends OrgPerson>(
  people: readonly P[],
  options: { includeLeft?: boolean } = {},
): OrgNode<P>[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const shown = people.filter((p) => options.includeLeft || p.left_on === null);
  const nodes = new Map<string, OrgNode<P>>(
    shown.map((p) => [p.id, { person: p, reports: [], managerLeft: null, loopBroken: false }]),
  );
  const parent = new Map<string, string | null>();
  for (const p of shown) {
    const manager = p.reports_to_id && p.reports_to_id !== p.id ? byId.get(p.reports_to_id) : undefined;
    if (manager && manager.left_on !== null) nodes.get(p.id)!.managerLeft = manager;
    parent.set(p.id, manager && manager.left_on === null && nodes.has(manager.id) ? manager.id : null);
  }

  // Break loops: walk up from each person; meeting the current path again is a loop.
  const order = new Map(shown.map((p, i) => [p.id, i]));
  const state = new Map<string, "walking" | "done">();
  for (const start of shown) {
    const path: string[] = [];
    let current: string | null = start.id;
    while (current !== null && !state.has(current)) {
      state.set(current, "walking");
      path.push(current);
      current = parent.get(current) ?? null;
    }
    if (current !== null && state.get(current) === "walking") {
      const loop = path.slice(path.indexOf(current));
      const cut = loop.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
      parent.set(cut, null);
      nodes.get(cut)!.loopBroken = true;
    }
    for (const id of path) state.set(id, "done");
  }

  const roots: OrgNode<P>[] = [];
  for (const p of shown) {
    const node = nodes.get(p.id)!;
    const managerId = parent.get(p.id);
    if (managerId) nodes.get(managerId)!.reports.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Whether `personId` reporting to `managerId` would close a loop in the links on record. */
export function wouldCreateCycle(
  links: readonly { id: string; reports_to_id: string | null }[],
  personId: string,
  managerId: string | null | undefined,
): boolean {
  if (!managerId) return false;
  if (managerId === personId) return true;
  const up = new Map(links.map((l) => [l.id, l.reports_to_id]));
  let current: string | null | undefined = managerId;
  // At most one step per person: a longer walk is going round an existing loop that does not pass this person.
  for (let steps = 0; current && steps <= links.length; steps++) {
    if (current === personId) return true;
    current = up.get(current);
  }
  return false;
}

/** Everyone below a person in the reporting links (who cannot become their manager). */
export function reportsBelow(
  links: readonly { id: string; reports_to_id: string | null }[],
  personId: string,
): Set<string> {
  const below = new Set<string>();
  for (const l of links) {
    if (l.id !== personId && wouldCreateCycle(links, personId, l.id)) below.add(l.id);
  }
  return below;
}

/** A person of the buying committee as the committee's table and chart show them. */
export interface CommitteePerson {
  id: string;
  name: string;
  title: string;
  committee_role: string | null;
  influence: number;
  stance: string;
  left_on: string | null;
}

/** The person as the committee's table and chart show them, whatever else their row carries. */
export function committeePerson(person: CommitteePerson): CommitteePerson {
  const { id, name, title, committee_role, influence, stance, left_on } = person;
  return { id, name, title, committee_role, influence, stance, left_on };
}

/** One person in the chart, as the committee page sends it (see buildOrgChart). */
export interface ChartNode extends CommitteePerson {
  managerLeft: { id: string; name: string } | null;
  loopBroken: boolean;
  reports: ChartNode[];
}

/** A chart node from the domain's org chart, with only what the page shows. */
export function toChartNode<
  P extends OrgPerson & { name: string; title: string; committee_role: string | null; influence: number; stance: string },
>(node: OrgNode<P>): ChartNode {
  return {
    ...committeePerson(node.person),
    managerLeft: node.managerLeft ? { id: node.managerLeft.id, name: node.managerLeft.name } : null,
    loopBroken: node.loopBroken,
    reports: node.reports.map(toChartNode),
  };
}
