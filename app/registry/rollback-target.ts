/** A stage change as the model page lists it, newest first. */
type StageChangeRow = { version: number; toStage: string };

/**
 * The version Rollback would put back in production, as db/queries/models.ts rollbackModel picks it: the latest
 * promotion to production of a version other than the one in production now; null when there is none, so the
 * page can say so before anyone presses the button (the server refuses it anyway).
 */
export function rollbackTarget(historyNewestFirst: readonly StageChangeRow[], productionVersion: number | undefined): number | null {
  return historyNewestFirst.find((h) => h.toStage === 'production' && h.version !== productionVersion)?.version ?? null;
}
