// Assertions for the conformance suite: plain JavaScript, no Node APIs, so the same suite
// runs in Node and in a browser page.

export class AssertionError extends Error {
  constructor(message) {
    super(message)
    this.name = 'AssertionError'
  }
}

function show(value) {
  try {
    const text = JSON.stringify(value)
    if (text === undefined) return String(value)
    return text.length > 400 ? `${text.slice(0, 400)}…` : text
  } catch {
    return String(value)
  }
}

export function ok(value, message = 'expected a truthy value') {
  if (!value) throw new AssertionError(message)
}

export function equal(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`)
  }
}

/** Where two JSON-like values first differ (key order of objects does not matter), or null. */
export function difference(actual, expected, path = '$') {
  if (Object.is(actual, expected)) return null
  if (typeof actual !== typeof expected || actual === null || expected === null || typeof actual !== 'object') {
    return `${path}: expected ${show(expected)}, got ${show(actual)}`
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) {
    return `${path}: expected ${show(expected)}, got ${show(actual)}`
  }
  if (Array.isArray(actual)) {
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`
    }
    for (let i = 0; i < actual.length; i++) {
      const d = difference(actual[i], expected[i], `${path}[${i}]`)
      if (d) return d
    }
    return null
  }
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)])
  for (const key of [...keys].sort()) {
    if (!(key in expected)) return `${path}.${key}: unexpected, got ${show(actual[key])}`
    if (!(key in actual)) return `${path}.${key}: missing, expected ${show(expected[key])}`
    const d = difference(actual[key], expected[key], `${path}.${key}`)
    if (d) return d
  }
  return null
}

export function deepEqual(actual, expected, message = '') {
  const d = difference(actual, expected)
  if (d) throw new AssertionError(`${message ? `${message}: ` : ''}${d}`)
}

/** The error `fn()` throws synchronously; fails when it returns. */
export function throws(fn, message = 'expected an exception') {
  let result
  try {
    result = fn()
  } catch (error) {
    return error
  }
  throw new AssertionError(`${message}, got a result: ${show(result)}`)
}

/** The reason `promise` rejects with; fails when it resolves or is not a promise. */
export async function rejects(promise, message = 'expected a rejection') {
  if (!promise || typeof promise.then !== 'function') {
    throw new AssertionError(`${message}: expected a promise, got ${show(promise)}`)
  }
  let value
  try {
    value = await promise
  } catch (error) {
    return error
  }
  throw new AssertionError(`${message}, got a result: ${show(value)}`)
}
