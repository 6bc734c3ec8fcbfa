/** One labelled row of a settings section (main window settings and the companion's section). */
import type { ReactElement, ReactNode } from 'react'

export function Row(props: { label: string; htmlFor?: string; hint?: ReactNode; children: ReactNode }): ReactElement {
  return (
    <div className="od-settings-row">
      <div className="od-settings-row-text">
        {props.htmlFor ? (
          <label htmlFor={props.htmlFor} className="od-settings-label">
            {props.label}
          </label>
        ) : (
          <span className="od-settings-label">{props.label}</span>
        )}
        {/* div, not p: a hint may hold block content. */}
        {props.hint ? <div className="od-field-hint">{props.hint}</div> : null}
      </div>
      <div className="od-settings-row-control">{props.children}</div>
    </div>
  )
}
