import { useState } from 'react';
import { Button } from '../components/ui/button';
import { CloseIcon } from '../components/ui/icons';
import { ScheduleForm } from './schedule-form';
import { ScheduleItem } from './schedule-item';
import { saveSchedule } from './schedules-client';
import { useSchedules } from './use-schedules';

/** The editor's side panel: this pipeline's schedules, and the form to add or edit one. */
export function SchedulesPanel({ pipelineId, onClose }: { pipelineId: string; onClose(): void }) {
  const { schedules, canEdit, error, replace, remove } = useSchedules(pipelineId);
  const [editing, setEditing] = useState<string | 'new'>();
  const edited = schedules?.find((s) => s.id === editing);
  return (
    <aside aria-label="Schedules" className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white">
      <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
        <h2 className="text-sm font-semibold">Schedules</h2>
        <Button size="sm" variant="ghost" aria-label="Close schedules" onClick={onClose}>
          <CloseIcon width={12} height={12} />
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {editing ? (
          <ScheduleForm
            key={editing}
            pipelineId={pipelineId}
            schedule={edited}
            onCancel={() => setEditing(undefined)}
            onSave={async (settings) => {
              replace(await saveSchedule(edited ? { id: edited.id } : { pipelineId }, settings));
              setEditing(undefined);
            }}
          />
        ) : (
          <>
            {canEdit ? (
              <div className="border-b border-slate-100 px-3 py-2">
                <Button size="sm" variant="primary" onClick={() => setEditing('new')}>
                  New schedule
                </Button>
              </div>
            ) : null}
            {error ? (
              <p role="alert" className="px-3 py-2 text-sm text-red-600">
                {error}
              </p>
            ) : null}
            {schedules && schedules.length === 0 ? (
              <p className="px-3 py-3 text-sm text-slate-500">No schedules yet. A schedule runs this pipeline on its own, e.g. every night at 02:00 on fresh data.</p>
            ) : null}
            {schedules === undefined && !error ? <p className="px-3 py-3 text-sm text-slate-400">Loading schedules…</p> : null}
            <ul aria-label="Pipeline schedules">
              {(schedules ?? []).map((s) => (
                <ScheduleItem key={s.id} schedule={s} canEdit={canEdit} onChanged={replace} onDeleted={remove} onEdit={() => setEditing(s.id)} />
              ))}
            </ul>
          </>
        )}
      </div>
    </aside>
  );
}
