import { useBlocker } from '@remix-run/react';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { Modal } from '../../components/ui/modal';

/**
 * Asks before an in-app link leaves the editor with edits not yet on the server (tab close and reload are
 * the beforeunload prompt's job). `save` resolves true once they are saved.
 */
export function NavigationGuard({ unsaved, save }: { unsaved: boolean; save(): Promise<boolean> }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  if (blocker.state !== 'blocked') return null;

  const saveAndLeave = async () => {
    setSaving(true);
    const ok = await save();
    setSaving(false);
    if (ok) blocker.proceed();
    else setFailed(true);
  };
  const stay = () => {
    setFailed(false);
    blocker.reset();
  };
  return (
    <Modal label="Unsaved changes" onCancel={stay} className="w-[min(90vw,28rem)]">
      <h2 className="text-sm font-semibold">Leave with unsaved changes?</h2>
      <p className="mt-2 text-sm text-slate-600">
        {failed
          ? 'Saving did not work (see the save state in the toolbar). Stay to fix it, or leave and lose these edits.'
          : 'Some edits to this pipeline are not saved yet.'}
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={stay}>Stay</Button>
        <Button variant="danger" onClick={() => blocker.proceed()}>
          Leave without saving
        </Button>
        <Button variant="primary" disabled={saving} onClick={() => void saveAndLeave()}>
          Save and leave
        </Button>
      </div>
    </Modal>
  );
}
