'use strict'
throw new Error(
  'bindings/node replaces @napi-rs/cross-toolchain and @napi-rs/wasm-tools with this stub (package.json `overrides`): ' +
    'cross-compiling and WASI builds are not supported here.',
)
