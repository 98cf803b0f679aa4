import { LocalTime } from '../components/local-time';
import type { ModelCardFacts } from './model-card';

/** A trained model's card in the Train node's result panel: what it is, how it was fitted, where it comes from. */
export function ModelCard({ card }: { card: ModelCardFacts }) {
  return (
    <section aria-label="Model card" className="space-y-2 rounded-md bg-slate-50 p-2.5 text-xs text-slate-700 ring-1 ring-inset ring-slate-200">
      <h4 className="text-[11px] font-semibold uppercase tracking-wider text-slate-500">Model card</h4>
      <p className="font-medium text-slate-900">{card.model}</p>
      {card.hyperparameters.length ? (
        <dl aria-label="Hyperparameters" className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {card.hyperparameters.map(({ label, value }) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {card.training.length ? <p>{card.training.join(' · ')}</p> : null}
      {card.trainedOn.length ? <p>Trained on {card.trainedOn.join(', ')}</p> : null}
      {card.run ? <p>{card.run}</p> : null}
      {card.trainedAt ? (
        <p>
          Trained <LocalTime iso={card.trainedAt} />
        </p>
      ) : null}
    </section>
  );
}
