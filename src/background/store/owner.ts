/**
 * The ownerRep seam (team sync, issue #17): while sync is connected, every record the store
 * writes without an owner is the connected rep's. One function, asked at each write, so a
 * connect or disconnect takes effect at the next write without rebuilding the store.
 */
export type OwnerRep = () => string | undefined;

/** The record with `ownerRep` filled when it has none and a rep is connected. */
export function owned<T extends { ownerRep?: string | undefined }>(record: T, owner: OwnerRep): T {
  if (record.ownerRep !== undefined) return record;
  const rep = owner();
  return rep === undefined ? record : { ...record, ownerRep: rep };
}
