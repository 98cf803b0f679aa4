import { Panel } from '@xyflow/react';
import { Button } from '../components/ui/button';
import { layoutShortcuts, useLayoutCommands } from './layout-commands';

const ariaKeys = (keys: string) => keys.replace('Shift+1', 'Shift+Digit1');

/** Tidy up and Zoom to fit, floating over the canvas's top-left corner. */
export function LayoutControls({ empty }: { empty: boolean }) {
  const { tidyUp, zoomToFit, busy } = useLayoutCommands();
  return (
    <Panel position="top-left" className="!m-2 flex gap-1 rounded-md bg-white/90 p-1 shadow ring-1 ring-slate-200">
      <Button
        size="sm"
        variant="ghost"
        disabled={empty || busy}
        onClick={() => void tidyUp()}
        title={`${layoutShortcuts.tidyUp.label} (${layoutShortcuts.tidyUp.keys})`}
        aria-keyshortcuts={layoutShortcuts.tidyUp.keys}
      >
        {busy ? 'Tidying…' : 'Tidy up'}
      </Button>
      <Button
        size="sm"
        variant="ghost"
        disabled={empty}
        onClick={zoomToFit}
        title={`${layoutShortcuts.zoomToFit.label} (${layoutShortcuts.zoomToFit.keys})`}
        aria-keyshortcuts={ariaKeys(layoutShortcuts.zoomToFit.keys)}
      >
        Zoom to fit
      </Button>
    </Panel>
  );
}
