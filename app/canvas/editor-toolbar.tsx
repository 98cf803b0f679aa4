import type { ReactNode } from 'react';
import { CancelRunButton } from '../components/cancel-run-button';
import { Button } from '../components/ui/button';
import { AlertIcon, CheckIcon, SaveIcon } from '../components/ui/icons';
import { StatusBadge } from '../components/ui/status-badge';
import { isRunActive, type RunState, type SaveState } from './editor-types';
import { RunButton } from './run-button';
import { ToolbarMoreMenu } from './toolbar-more-menu';
import type { MenuItem } from '../components/ui/context-menu';

type Props = {
  /** The pipeline's name, renamable in place. */
  name: ReactNode;
  saveStatus: ReactNode;
  historyOpen: boolean;
  onToggleHistory: () => void;
  save: SaveState;
  run: RunState;
  problemCount: number;
  /** Notes that do not stop a run, shown on their nodes: counted here when nothing is wrong. */
  warningCount?: number;
  problemsOpen: boolean;
  onSave: () => void;
  /** `force`: recompute every node, ignoring stored outputs. */
  onRun: (force: boolean) => void;
  onToggleProblems: () => void;
  /** Editing controls (undo, redo, shortcuts), first in the toolbar's right-hand group. */
  children?: ReactNode;
  /** Panel toggles shown before History (e.g. Schedule). */
  panelToggles?: ReactNode;
  /** The same toggles as menu items, for the More menu that stands in for them below `lg`. */
  panelMenuItems?: MenuItem[];
  /** Before the name (the node palette's toggle below `lg`). */
  leading?: ReactNode;
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function EditorToolbar({ name, saveStatus, historyOpen, onToggleHistory, save, run, problemCount, warningCount = 0, problemsOpen, onSave, onRun, onToggleProblems, children, panelToggles, panelMenuItems = [], leading }: Props) {
  const active = isRunActive(run.phase);
  const done = run.nodeIds.filter((id) => ['succeeded', 'failed', 'skipped', 'cancelled', 'dead_letter'].includes(run.nodes[id]?.status ?? '')).length;
  const total = run.nodeIds.length;

  return (
    <div role="toolbar" aria-label="Pipeline" className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 lg:gap-3 lg:px-4">
      {leading}
      {name}
      {saveStatus}

      <div className="ml-auto flex items-center gap-2">
        {children}
        {problemCount > 0 ? (
          <Button
            size="sm"
            variant="ghost"
            className="!text-red-600 hover:!bg-red-50"
            aria-expanded={problemsOpen}
            aria-controls="pipeline-problems"
            onClick={onToggleProblems}
          >
            <AlertIcon width={13} height={13} />
            {problemCount === 1 ? '1 problem' : `${problemCount} problems`}
          </Button>
        ) : (
          <span className="flex items-center gap-1 whitespace-nowrap text-xs text-emerald-700">
            <CheckIcon width={12} height={12} />
            {/* Below lg the tick alone says it; the words stay for assistive technology. */}
            <span className="sr-only lg:not-sr-only lg:whitespace-nowrap">No problems</span>
          </span>
        )}
        {problemCount === 0 && warningCount > 0 ? (
          <span className="whitespace-nowrap text-xs text-amber-700" title="Marked on their steps in amber; select a step to read its warning.">
            {warningCount === 1 ? '1 warning' : `${warningCount} warnings`}
          </span>
        ) : null}

        {run.phase !== 'idle' || run.error ? (
          <span className="flex items-center gap-2 border-l border-slate-200 pl-3 text-xs text-slate-600" aria-live="polite">
            {run.error ? (
              <span className="max-w-[16rem] truncate text-red-600" title={run.error}>
                {run.error}
              </span>
            ) : (
              <>
                <StatusBadge
                  status={run.phase === 'starting' ? 'queued' : run.phase}
                  label={`Run status: ${run.phase === 'starting' ? 'starting' : run.phase}`}
                />
                {total > 0 ? (
                  <span className="whitespace-nowrap tabular-nums">
                    {done}/{total} nodes
                  </span>
                ) : null}
                {run.connection === 'reconnecting' ? <span className="text-amber-600">Reconnecting…</span> : null}
                {run.connection === 'lost' ? <span className="text-red-600">Live updates lost; reload to refresh</span> : null}
              </>
            )}
          </span>
        ) : null}

        <div className="hidden items-center gap-2 lg:flex">
          {panelToggles}
          <Button variant="ghost" aria-pressed={historyOpen} onClick={onToggleHistory}>
            History
          </Button>
        </div>
        <ToolbarMoreMenu items={[...panelMenuItems, { label: historyOpen ? 'Close history' : 'History', onSelect: onToggleHistory }]} />
        <Button
          onClick={onSave}
          disabled={save.status === 'saving'}
          title={`Save (${isMac ? '⌘' : 'Ctrl'}+S)`}
          aria-keyshortcuts="Control+S Meta+S"
        >
          <SaveIcon width={14} height={14} />
          Save
        </Button>
        {/* Beside Run, not in its place: the second click of a double-clicked Run lands on the disabled Run, never on Cancel run. */}
        {active && run.id ? <CancelRunButton key={run.id} runId={run.id} /> : null}
        <RunButton onRun={onRun} disabled={active || save.status === 'saving'} />
      </div>
    </div>
  );
}
