/** The few icons of the collapsed sidebar. Decorative: the button around each one carries its name. */
const common = { width: 18, height: 18, viewBox: '0 0 18 18', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, focusable: false } as const;

/** A panel with its side bar: collapse or expand it. */
export function SidebarIcon() {
  return (
    <svg {...common}>
      <rect x="2" y="3" width="14" height="12" rx="2" />
      <path d="M7 3v12" />
    </svg>
  );
}

export function BoardIcon() {
  return (
    <svg {...common}>
      <path d="M3 4h12M3 9h12M3 14h12" />
    </svg>
  );
}

export function PlusIcon() {
  return (
    <svg {...common}>
      <path d="M9 3v12M3 9h12" />
    </svg>
  );
}
