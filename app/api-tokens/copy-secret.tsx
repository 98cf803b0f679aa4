import { useState } from 'react';
import { Button } from '~/components/ui/button';

/** A secret shown once, with a button that copies it (and says whether that worked). */
export function CopySecret({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <div className="flex items-center gap-2">
      <code aria-label={label} className="block min-w-0 flex-1 select-all break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-800">
        {secret}
      </code>
      <Button
        size="sm"
        onClick={() =>
          navigator.clipboard.writeText(secret).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          )
        }
      >
        {copied === 'yes' ? 'Copied' : 'Copy token'}
      </Button>
      {copied === 'failed' && <span role="alert" className="text-xs text-rose-700">The browser refused the clipboard: select the token and copy it by hand.</span>}
    </div>
  );
}
