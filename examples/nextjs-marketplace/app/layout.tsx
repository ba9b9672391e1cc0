import type { ReactNode } from 'react'

export const metadata = { title: 'Model marketplace', description: 'Models your workers can run' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem', maxWidth: '70rem' }}>{children}</body>
    </html>
  )
}
