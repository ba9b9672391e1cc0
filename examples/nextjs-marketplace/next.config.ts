import type { NextConfig } from 'next'

// The one setting the model-compat packages need: the native addon is loaded from
// node_modules at run time, never bundled (see bindings/node/README.md).
const nextConfig: NextConfig = {
  serverExternalPackages: ['@model-compat/node'],
}

export default nextConfig
