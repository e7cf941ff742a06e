/**
 * The dashboard snapshot's working set (dashboard-snapshot.ts) and the one IndexedDB record it
 * is kept in between worker lifetimes. The record is columns, not 50,000 objects: each number
 * field is one typed array (the browser copies its bytes), the strings that repeat (stage ids,
 * statuses, currencies, reps, lost reasons) are indices into one list, and only names and ids
 * are string arrays. On the bench's year of data a record of objects was 5.8 MB and took
 * ≈ 75 ms to deserialize alone; columns are ≈ 2 MB, read in ≈ 20-35 ms plus ≈ 10 ms to build
 * the rows and change lists back (Node's V8 serializer, the one Chromium uses).
 */
import type { AnalyticsChange, AnalyticsProspect, TouchCount } from '../../shared/analytics.ts';

export type Row = AnalyticsProspect & { updatedAt: number };
export type Change = AnalyticsChange & { id: number };

export interface State {
  token: string;
  /** When the stores were last read whole. */
  builtAt: number;
  /** When the last read that brought the set up to date started. */
  readAt: number;
  lastChangeId: number;
  lastTouchId: number;
  prospects: Map<string, Row>;
  /** Per prospect, oldest first, same-millisecond changes in recorded (id) order. */
  changes: Map<string, Change[]>;
  /** Touch counts of the prospects asked for so far, complete up to lastTouchId. */
  touches: Map<string, TouchCount[]>;
}

/** Bumped when the record's shape changes: an old record is then ignored, not misread. */
export const FORMAT = 4;

interface ProspectColumns {
  id: string[];
  name: string[];
  /** Index into `strings`: company, stage, status, currency, owner (0: none). */
  company: Uint32Array;
  stageId: Uint32Array;
  status: Uint32Array;
  currency: Uint32Array;
  ownerRep: Uint32Array;
  stageEnteredAt: Float64Array;
  /** NaN: none. */
  dealValue: Float64Array;
  updatedAt: Float64Array;
  sample: Uint8Array;
}

interface ChangeColumns {
  /** Each list's prospect, and how many changes of the columns below are its, in order. */
  prospectId: string[];
  count: Uint32Array;
  id: Float64Array;
  at: Float64Array;
  /** Index into `strings` (0: null for `from`, none for `lostReason`). */
  from: Uint32Array;
  to: Uint32Array;
  lostReason: Uint32Array;
}

export interface SnapshotState {
  format: typeof FORMAT;
  token: string;
  builtAt: number;
  readAt: number;
  lastChangeId: number;
  lastTouchId: number;
  /** The repeated strings; index 0 stands for none. */
  strings: string[];
  prospects: ProspectColumns;
  changes: ChangeColumns;
  /** Few (the closed deals asked for): kept as they are. */
  touches: Map<string, TouchCount[]>;
}

export function encodeState(state: State): SnapshotState {
  const strings = [''];
  const indexOf = new Map<string, number>();
  const code = (value: string | null | undefined): number => {
    if (value === undefined || value === null) return 0;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      indexOf.set(value, index);
    }
    return index;
  };

  const rows = [...state.prospects.values()];
  const n = rows.length;
  const prospects: ProspectColumns = {
    id: new Array<string>(n),
    name: new Array<string>(n),
    company: new Uint32Array(n),
    stageId: new Uint32Array(n),
    status: new Uint32Array(n),
    currency: new Uint32Array(n),
    ownerRep: new Uint32Array(n),
    stageEnteredAt: new Float64Array(n),
    dealValue: new Float64Array(n),
    updatedAt: new Float64Array(n),
    sample: new Uint8Array(n),
  };
  rows.forEach((row, i) => {
    prospects.id[i] = row.id;
    prospects.name[i] = row.name;
    prospects.company[i] = code(row.company);
    prospects.stageId[i] = code(row.stageId);
    prospects.status[i] = code(row.status);
    prospects.currency[i] = code(row.currency);
    prospects.ownerRep[i] = code(row.ownerRep);
    prospects.stageEnteredAt[i] = row.stageEnteredAt;
    prospects.dealValue[i] = row.dealValue ?? Number.NaN;
    prospects.updatedAt[i] = row.updatedAt;
    prospects.sample[i] = row.sample ? 1 : 0;
  });

  let total = 0;
  for (const list of state.changes.values()) total += list.length;
  const changes: ChangeColumns = {
    prospectId: [...state.changes.keys()],
    count: new Uint32Array(state.changes.size),
    id: new Float64Array(total),
    at: new Float64Array(total),
    from: new Uint32Array(total),
    to: new Uint32Array(total),
    lostReason: new Uint32Array(total),
  };
  let at = 0;
  let list = 0;
  for (const changeList of state.changes.values()) {
    changes.count[list++] = changeList.length;
    for (const change of changeList) {
      changes.id[at] = change.id;
      changes.at[at] = change.at;
      changes.from[at] = code(change.from);
      changes.to[at] = code(change.to);
      changes.lostReason[at] = code(change.lostReason);
      at++;
    }
  }
  return {
    format: FORMAT,
    token: state.token,
    builtAt: state.builtAt,
    readAt: state.readAt,
    lastChangeId: state.lastChangeId,
    lastTouchId: state.lastTouchId,
    strings,
    prospects,
    changes,
    touches: state.touches,
  };
}

/** The record is our own output, but a format change must read as "absent", not as garbage. */
export function decodeState(value: unknown): State | undefined {
  const data = value as Partial<SnapshotState> | null | undefined;
  if (!data || data.format !== FORMAT || !wellFormed(data as SnapshotState)) return undefined;
  const { strings, prospects: p, changes: c } = data as SnapshotState;
  const text = (index: number): string | undefined => (index === 0 ? undefined : strings[index]);

  const prospects = new Map<string, Row>();
  for (let i = 0; i < p.id.length; i++) {
    const id = p.id[i] as string;
    const dealValue = p.dealValue[i] as number;
    prospects.set(id, {
      id,
      name: p.name[i] as string,
      company: text(p.company[i] as number),
      stageId: text(p.stageId[i] as number) as string,
      stageEnteredAt: p.stageEnteredAt[i] as number,
      status: text(p.status[i] as number) as Row['status'],
      dealValue: Number.isNaN(dealValue) ? undefined : dealValue,
      currency: text(p.currency[i] as number),
      // As rowOf writes them: true or absent, so a round trip does not read as a change.
      sample: p.sample[i] === 1 ? true : undefined,
      ownerRep: text(p.ownerRep[i] as number),
      updatedAt: p.updatedAt[i] as number,
    });
  }

  const changes = new Map<string, Change[]>();
  let at = 0;
  for (let list = 0; list < c.prospectId.length; list++) {
    const prospectId = c.prospectId[list] as string;
    const count = c.count[list] as number;
    const items = new Array<Change>(count);
    for (let k = 0; k < count; k++, at++) {
      items[k] = {
        id: c.id[at] as number,
        prospectId,
        from: text(c.from[at] as number) ?? null,
        to: text(c.to[at] as number) as string,
        at: c.at[at] as number,
        lostReason: text(c.lostReason[at] as number),
      };
    }
    changes.set(prospectId, items);
  }
  return {
    token: data.token as string,
    builtAt: Number(data.builtAt),
    readAt: Number(data.readAt),
    lastChangeId: Number(data.lastChangeId),
    lastTouchId: Number(data.lastTouchId),
    prospects,
    changes,
    touches: data.touches as Map<string, TouchCount[]>,
  };
}

/** Columns of the lengths they claim: anything else is read as no record. */
function wellFormed(data: SnapshotState): boolean {
  const { prospects: p, changes: c } = data;
  if (typeof data.token !== 'string' || !Array.isArray(data.strings)) return false;
  if (!(data.touches instanceof Map) || !p || !c) return false;
  if (!Array.isArray(p.id) || !Array.isArray(p.name) || !Array.isArray(c.prospectId)) return false;
  const n = p.id.length;
  const prospectColumns = [
    p.company,
    p.stageId,
    p.status,
    p.currency,
    p.ownerRep,
    p.stageEnteredAt,
    p.dealValue,
    p.updatedAt,
    p.sample,
  ];
  if (p.name.length !== n || prospectColumns.some((column) => column?.length !== n)) return false;
  if (!(c.count instanceof Uint32Array) || c.count.length !== c.prospectId.length) return false;
  const total = c.count.reduce((sum, count) => sum + count, 0);
  return [c.id, c.at, c.from, c.to, c.lostReason].every((column) => column?.length === total);
}
