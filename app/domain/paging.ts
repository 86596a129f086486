// One page of a list that is whole in memory (a few hundred rows at most, such
// as the KAMs compared on the trends page): numbered pages, the first is 1.

export interface Page<T> {
  items: T[];
  /** The page shown: the one asked for, or the last when it asked past the end. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last item shown (0 and 0 when there is none). */
  from: number;
  to: number;
  total: number;
}

export function pageOf<T>(all: readonly T[], asked: number, perPage: number): Page<T> {
  const total = all.length;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, Math.floor(asked) || 1), pages);
  const start = (page - 1) * perPage;
  const items = all.slice(start, start + perPage);
  return { items, page, pages, from: items.length ? start + 1 : 0, to: start + items.length, total };
}
