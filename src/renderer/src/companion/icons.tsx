/** The companion's own few icons (same style as components/Icons.tsx). Decorative: aria-hidden. */
import type { ReactElement, ReactNode } from 'react'

function Svg({ size = 16, children }: { size?: number; children: ReactNode }): ReactElement {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export const IconPin = ({ size, filled }: { size?: number; filled?: boolean }): ReactElement => (
  <Svg size={size}>
    <path d="M9 4h6l-1 6 3 3v1H7v-1l3-3-1-6Z" fill={filled ? 'currentColor' : 'none'} />
    <path d="M12 14v6" />
  </Svg>
)

export const IconOpenWindow = ({ size }: { size?: number }): ReactElement => (
  <Svg size={size}>
    <rect x="3" y="5" width="14" height="14" rx="2" />
    <path d="M14 3h7v7" />
    <path d="M21 3l-9 9" />
  </Svg>
)

export const IconClipboard = ({ size }: { size?: number }): ReactElement => (
  <Svg size={size}>
    <rect x="6" y="4" width="12" height="17" rx="2" />
    <path d="M9 4V3h6v1" />
    <path d="M9 10h6M9 14h6" />
  </Svg>
)
