/**
 * Process editor: stages (rename, reorder, add, archive, outcome kind, target days, next-step
 * actions), lost reasons, where the prospects of a stage leaving use go, targets and actions
 * learnt from won deals, and the dated versions of the process. Nothing is saved until the
 * draft is valid; each problem is shown next to its field.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { onChange, send } from '../../browser/client.ts';
import { errorText } from '../../browser/error-text.ts';
import { KIND_KEYS, t } from '../../browser/i18n.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import {
  type FieldError,
  newStageId,
  type ProcessErrorCode,
  stagesNeedingMoves,
  validateProcessDraft,
} from '../../shared/process-edit.ts';
import type { LostReason, Stage, StageKind } from '../../shared/schemas.ts';
import './process-editor.css';

type EditorData = ResponseMap['getProcessEditor'];
type Insights = ResponseMap['getWonDealInsights'];

const ERROR_KEYS: Record<ProcessErrorCode | 'moveRequired', MessageKey> = {
  nameEmpty: 'procErrNameEmpty',
  nameDuplicate: 'procErrNameDuplicate',
  targetInvalid: 'procErrTarget',
  noOpenStage: 'procErrNoOpen',
  noWonStage: 'procErrNoWon',
  noLostStage: 'procErrNoLost',
  actionEmpty: 'procErrActionEmpty',
  reasonEmpty: 'procErrReasonEmpty',
  tooManyStages: 'procErrTooMany',
  followUpInvalid: 'procErrFollowUp',
  moveRequired: 'procErrMove',
};

const STAGE_KIND_KEYS: Record<StageKind, MessageKey> = {
  open: 'procKindOpen',
  won: 'procKindWon',
  lost: 'procKindLost',
};

const shortId = () => Math.random().toString(36).slice(2, 6);

export interface ProcessEditorProps {
  /** Shows the dashboard's figures since a version was saved, against the period before it. */
  onCompareSince?(at: number): void;
}

export function ProcessEditor({ onCompareSince }: ProcessEditorProps) {
  const [data, setData] = useState<EditorData | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  const [reasons, setReasons] = useState<LostReason[]>([]);
  const [moves, setMoves] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [insights, setInsights] = useState<Insights | null>(null);
  const [learning, setLearning] = useState(false);
  // Read by the change listener registered once: a draft being edited is never overwritten.
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;

  const load = async (resetDraft: boolean) => {
    const next = await send('getProcessEditor', {});
    setData(next);
    if (resetDraft) {
      setStages(next.process.stages);
      setReasons(next.process.lostReasons);
      setMoves({});
      setDirty(false);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    load(true).catch((error: unknown) => setStatus({ kind: 'error', text: errorText(error) }));
    // Keep a draft being edited; otherwise follow changes made elsewhere.
    onChange((event) => {
      if (event.what === 'process' || event.what === 'stage' || event.what === 'prospect') {
        load(!dirtyRef.current).catch(() => undefined);
      }
    }, controller.signal);
    return () => controller.abort();
  }, []);

  const errors = useMemo(
    () => validateProcessDraft({ stages, lostReasons: reasons }),
    [stages, reasons],
  );
  const needing = useMemo(
    () =>
      data
        ? stagesNeedingMoves(
            data.process,
            { stages },
            new Map(Object.entries(data.prospectsPerStage)),
          )
        : [],
    [data, stages],
  );
  const liveStages = stages.filter((stage) => !stage.archived);
  const missingMoves = needing.filter(
    (stageId) => !moves[stageId] || !liveStages.some((stage) => stage.id === moves[stageId]),
  );
  const valid = errors.length === 0 && missingMoves.length === 0;

  const edit = (index: number, patch: Partial<Stage>) => {
    setStages(stages.map((stage, at) => (at === index ? { ...stage, ...patch } : stage)));
    setDirty(true);
    setStatus(null);
  };
  const move = (index: number, by: number) => {
    const target = index + by;
    if (target < 0 || target >= stages.length) return;
    const next = [...stages];
    const [item] = next.splice(index, 1);
    if (item) next.splice(target, 0, item);
    setStages(next);
    setDirty(true);
  };
  const addStage = () => {
    const name = t('procNewStage');
    const id = newStageId(name, new Set(stages.map((stage) => stage.id)), shortId);
    const firstOutcome = stages.findIndex((stage) => stage.kind !== 'open');
    const next = [...stages];
    next.splice(firstOutcome < 0 ? next.length : firstOutcome, 0, {
      id,
      name,
      kind: 'open',
      targetDays: 7,
      actions: [],
      archived: false,
    });
    setStages(next);
    setDirty(true);
  };

  const save = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const used = Object.fromEntries(needing.map((stageId) => [stageId, moves[stageId] ?? '']));
      const { moved } = await send('saveProcess', { stages, lostReasons: reasons, moves: used });
      await load(true);
      setStatus({ kind: 'ok', text: t('procSaved', String(moved.length)) });
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  if (!data) return <p class="muted">{t('loading')}</p>;

  const fieldError = (path: string) => errors.find((error) => error.path === path);
  const suggestion = (stageId: string) =>
    insights?.targets.find((target) => target.stageId === stageId);
  const learn = async () => {
    setLearning(true);
    try {
      setInsights(await send('getWonDealInsights', {}));
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
    } finally {
      setLearning(false);
    }
  };

  return (
    <div class="process-editor">
      <p class="learn">
        <button type="button" data-action="learn" disabled={learning} onClick={learn}>
          {t('procLearn')}
        </button>{' '}
        {insights && <span class="muted">{t('procLearnedFrom', String(insights.wonDeals))}</span>}
      </p>
      <ol class="stages">
        {stages.map((stage, index) => (
          <li key={stage.id} class={stage.archived ? 'archived' : ''} data-stage-id={stage.id}>
            <div class="row">
              <label>
                <span class="label">{t('procStageName')}</span>
                <input
                  value={stage.name}
                  data-field="name"
                  aria-invalid={Boolean(fieldError(`stages.${index}.name`))}
                  aria-describedby={`stage-${index}-name-error`}
                  onInput={(event) =>
                    edit(index, { name: (event.currentTarget as HTMLInputElement).value })
                  }
                />
              </label>
              <FieldMessage
                id={`stage-${index}-name-error`}
                error={fieldError(`stages.${index}.name`)}
              />
              <label>
                <span class="label">{t('procStageKind')}</span>
                <select
                  value={stage.kind}
                  onChange={(event) => {
                    const kind = (event.currentTarget as HTMLSelectElement).value as StageKind;
                    edit(index, {
                      kind,
                      targetDays: kind === 'open' ? (stage.targetDays ?? 7) : null,
                    });
                  }}
                >
                  {(['open', 'won', 'lost'] as const).map((kind) => (
                    <option key={kind} value={kind}>
                      {t(STAGE_KIND_KEYS[kind])}
                    </option>
                  ))}
                </select>
              </label>
              {stage.kind === 'open' && (
                <label>
                  <span class="label">{t('procTargetDays')}</span>
                  <input
                    type="number"
                    min="1"
                    step="1"
                    data-field="target"
                    value={
                      stage.targetDays === null || Number.isNaN(stage.targetDays)
                        ? ''
                        : String(stage.targetDays)
                    }
                    aria-invalid={Boolean(fieldError(`stages.${index}.targetDays`))}
                    aria-describedby={`stage-${index}-target-error`}
                    onInput={(event) => {
                      const raw = (event.currentTarget as HTMLInputElement).value;
                      edit(index, { targetDays: raw === '' ? Number.NaN : Number(raw) });
                    }}
                  />
                </label>
              )}
              <FieldMessage
                id={`stage-${index}-target-error`}
                error={fieldError(`stages.${index}.targetDays`)}
              />
              {stage.kind === 'open' && (
                <label>
                  <span class="label">{t('procFollowUpDays')}</span>
                  <input
                    type="number"
                    min="1"
                    max="365"
                    step="1"
                    data-field="follow-up"
                    placeholder={t('procFollowUpOff')}
                    value={
                      stage.followUpDays === undefined || Number.isNaN(stage.followUpDays)
                        ? ''
                        : String(stage.followUpDays)
                    }
                    aria-invalid={Boolean(fieldError(`stages.${index}.followUpDays`))}
                    aria-describedby={`stage-${index}-follow-up-error`}
                    onInput={(event) => {
                      const raw = (event.currentTarget as HTMLInputElement).value;
                      // Empty turns the nudge off for this stage.
                      edit(index, { followUpDays: raw === '' ? undefined : Number(raw) });
                    }}
                  />
                </label>
              )}
              <FieldMessage
                id={`stage-${index}-follow-up-error`}
                error={fieldError(`stages.${index}.followUpDays`)}
              />
              <span class="count muted">
                {t('procProspectsHere', String(data.prospectsPerStage[stage.id] ?? 0))}
              </span>
              <span class="tools">
                <button
                  type="button"
                  aria-label={t('procMoveUp', stage.name)}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t('procMoveDown', stage.name)}
                  disabled={index === stages.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  data-action="archive"
                  onClick={() => edit(index, { archived: !stage.archived })}
                >
                  {stage.archived ? t('procRestore') : t('procArchive')}
                </button>
              </span>
            </div>
            {stage.kind === 'open' && !stage.archived && (
              <>
                <Suggestion
                  suggestion={suggestion(stage.id)}
                  onAccept={(days) => edit(index, { targetDays: days })}
                  current={stage.targetDays}
                />
                <ActionsEditor
                  stage={stage}
                  index={index}
                  errors={errors}
                  candidates={
                    insights?.actions.filter((candidate) => candidate.stageId === stage.id) ?? []
                  }
                  onChange={(actions) => edit(index, { actions })}
                />
              </>
            )}
            {needing.includes(stage.id) && (
              <label class="move">
                {t('procMoveProspects', String(data.prospectsPerStage[stage.id] ?? 0), stage.name)}{' '}
                <select
                  data-move-from={stage.id}
                  value={moves[stage.id] ?? ''}
                  onChange={(event) => {
                    setMoves({
                      ...moves,
                      [stage.id]: (event.currentTarget as HTMLSelectElement).value,
                    });
                    setDirty(true);
                  }}
                >
                  <option value="">{t('procChooseStage')}</option>
                  {liveStages.map((target) => (
                    <option key={target.id} value={target.id}>
                      {target.name}
                    </option>
                  ))}
                </select>
                {missingMoves.includes(stage.id) && <span class="error">{t('procErrMove')}</span>}
              </label>
            )}
          </li>
        ))}
      </ol>
      <button type="button" onClick={addStage} data-action="add-stage">
        {t('procAddStage')}
      </button>
      {errors
        .filter((error) => error.path === 'stages')
        .map((error) => (
          <p key={error.message} class="error" role="alert">
            {t(ERROR_KEYS[error.message])}
          </p>
        ))}

      <h2>{t('procLostReasons')}</h2>
      <ul class="reasons">
        {reasons.map((reason, index) => (
          <li key={reason.id}>
            <input
              value={reason.label}
              aria-label={t('procLostReason')}
              aria-invalid={Boolean(fieldError(`lostReasons.${index}.label`))}
              onInput={(event) => {
                setReasons(
                  reasons.map((item, at) =>
                    at === index
                      ? { ...item, label: (event.currentTarget as HTMLInputElement).value }
                      : item,
                  ),
                );
                setDirty(true);
              }}
            />
            <button
              type="button"
              aria-label={t('procRemove', reason.label)}
              onClick={() => {
                setReasons(reasons.filter((_, at) => at !== index));
                setDirty(true);
              }}
            >
              ×
            </button>
            <FieldMessage
              id={`reason-${index}-error`}
              error={fieldError(`lostReasons.${index}.label`)}
            />
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => {
          setReasons([...reasons, { id: `reason-${shortId()}`, label: '' }]);
          setDirty(true);
        }}
      >
        {t('procAddReason')}
      </button>

      <div class="save">
        <button
          type="button"
          class="primary"
          data-action="save-process"
          disabled={!valid || !dirty || busy}
          onClick={save}
        >
          {t('procSave')}
        </button>
        {dirty && (
          <button type="button" onClick={() => void load(true)}>
            {t('procDiscard')}
          </button>
        )}
        {!valid && <span class="muted">{t('procFixFirst')}</span>}
        {status && (
          <span
            role={status.kind === 'error' ? 'alert' : 'status'}
            class={status.kind}
            data-status={status.kind}
          >
            {status.text}
          </span>
        )}
      </div>

      <h2>{t('procVersions')}</h2>
      <ul class="versions">
        {data.versions.map((version, index) => (
          <li key={version.savedAt}>
            <time dateTime={new Date(version.savedAt).toISOString()}>
              {new Date(version.savedAt).toLocaleString()}
            </time>{' '}
            — {version.stages.join(' → ')}{' '}
            {onCompareSince && index < data.versions.length - 1 && (
              <button
                type="button"
                data-action="compare-since"
                onClick={() => onCompareSince(version.savedAt)}
              >
                {t('procCompareSince')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ActionsEditor({
  stage,
  index,
  errors,
  candidates,
  onChange: change,
}: {
  stage: Stage;
  index: number;
  errors: FieldError[];
  candidates: Insights['actions'];
  onChange(actions: Stage['actions']): void;
}) {
  const actions = stage.actions;
  const taken = new Set(actions.map((action) => action.id));
  const add = (label: string) =>
    change([...actions, { id: newStageId(label || 'action', taken, shortId), label }]);
  return (
    <div class="actions">
      <span class="label">{t('nextSteps')}</span>
      <ol>
        {actions.map((action, at) => (
          <li key={action.id}>
            <input
              value={action.label}
              aria-label={t('procActionLabel', stage.name)}
              aria-invalid={errors.some(
                (error) => error.path === `stages.${index}.actions.${at}.label`,
              )}
              onInput={(event) =>
                change(
                  actions.map((item, i) =>
                    i === at
                      ? { ...item, label: (event.currentTarget as HTMLInputElement).value }
                      : item,
                  ),
                )
              }
            />
            <button
              type="button"
              aria-label={t('procMoveUp', action.label)}
              disabled={at === 0}
              onClick={() => {
                const next = [...actions];
                const [item] = next.splice(at, 1);
                if (item) next.splice(at - 1, 0, item);
                change(next);
              }}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={t('procRemove', action.label)}
              onClick={() => change(actions.filter((_, i) => i !== at))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => add('')} disabled={actions.length >= 12}>
        {t('procAddAction')}
      </button>
      {candidates.length > 0 && (
        <p class="candidates">
          {t('procWonDealsDid')}{' '}
          {candidates.map((candidate) => (
            <button
              type="button"
              key={candidate.kind}
              disabled={actions.length >= 12}
              onClick={() => add(t(KIND_KEYS[candidate.kind]))}
              title={t(
                'procCandidateShare',
                String(Math.round(candidate.share * 100)),
                String(candidate.deals),
              )}
            >
              + {t(KIND_KEYS[candidate.kind])} ({Math.round(candidate.share * 100)} %)
            </button>
          ))}
        </p>
      )}
    </div>
  );
}

function Suggestion({
  suggestion: entry,
  current,
  onAccept,
}: {
  suggestion: Insights['targets'][number] | undefined;
  current: number | null;
  onAccept(days: number): void;
}) {
  if (!entry) return null;
  if (entry.medianDays === null) {
    return <p class="suggestion muted">{t('procSuggestTooFew', String(entry.deals))}</p>;
  }
  const days = entry.medianDays;
  return (
    <p class="suggestion" data-suggestion={days}>
      {t('procSuggest', String(days), String(entry.deals))}{' '}
      {current !== days && (
        <button type="button" data-action="accept-target" onClick={() => onAccept(days)}>
          {t('procAccept')}
        </button>
      )}
    </p>
  );
}

function FieldMessage({ id, error }: { id: string; error: FieldError | undefined }) {
  return (
    <span id={id} class="error" role={error ? 'alert' : undefined}>
      {error ? t(ERROR_KEYS[error.message]) : ''}
    </span>
  );
}
