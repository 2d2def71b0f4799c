/**
 * Which model Claude uses: the ones the host's CLI lists, plus the CLI's own default. The CLI
 * reports the model it runs by its full name ("claude-sonnet-5") where the list offers aliases
 * ("sonnet" resolving to it), so a model is matched by either. A model in use that the list does
 * not name stays selectable: the picker never shows something other than what runs.
 */
import type { ModelOption } from '../../shared/protocol.js';

const CLI_DEFAULT = 'default';
const NONE = '';

/** The listed option a model in use is, if any: by its alias first, then by what an alias resolves to. */
export function matchModel(model: string | null, options: readonly ModelOption[]): ModelOption | undefined {
  if (!model) return options.find((option) => option.value === CLI_DEFAULT);
  const resolved = (option: ModelOption) => (option as { resolvedModel?: unknown }).resolvedModel;
  return options.find((option) => option.value === model) ?? options.find((option) => option.value !== CLI_DEFAULT && resolved(option) === model) ?? options.find((option) => resolved(option) === model);
}

export function modelName(model: string | null, options: readonly ModelOption[]): string {
  const option = matchModel(model, options);
  if (option) return option.displayName ?? option.value;
  return model ?? 'Default model';
}

export function ModelPicker({ value, options, onChange, disabled, describedBy }: { value: string | null; options: readonly ModelOption[]; onChange: (model: string | null) => void; disabled?: boolean; describedBy?: string }) {
  const option = matchModel(value, options);
  const selected = option?.value ?? value ?? NONE;
  const listsDefault = options.some((entry) => entry.value === CLI_DEFAULT);
  return (
    <select
      aria-label="Model"
      aria-describedby={describedBy}
      value={selected}
      disabled={disabled}
      title={option?.description}
      // The CLI's default is no model at all: the session follows whatever the CLI picks.
      onChange={(event) => onChange(event.target.value === NONE || event.target.value === CLI_DEFAULT ? null : event.target.value)}
    >
      {!listsDefault && <option value={NONE}>Default</option>}
      {value && !option && <option value={value}>{value}</option>}
      {options.map((entry) => (
        <option key={entry.value} value={entry.value} title={entry.description}>
          {entry.displayName ?? entry.value}
        </option>
      ))}
    </select>
  );
}
