/** A labelled figure of the health view: its name above, its value below. */
export function Card({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="card-label">{label}</div>
      <div className="card-value">{children}</div>
    </div>
  );
}
