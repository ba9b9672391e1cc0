// Checks a binding's TypeScript declarations against the checked-in API list
// (tests/js/api.json): the exported functions and their signatures, and the exported types.
//
//   const problems = checkDeclarations(dtsText, apiList, ts)   // [] when they agree
//
// `ts` is the `typescript` package (the caller's devDependency): declarations are parsed
// with its compiler API, so any formatting (napi's, wasm-bindgen's) reads the same.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { ROOT } from './harness.mjs'

export function loadApiList() {
  return JSON.parse(readFileSync(join(ROOT, 'tests/js/api.json'), 'utf8'))
}

/** Canonical text of a type: `T[]` is `Array<T>`, no whitespace, union members sorted. */
function typeText(ts, sf, node, { dropNullish = false } = {}) {
  if (!node) return 'any'
  const recurse = (n) => typeText(ts, sf, n)
  if (ts.isArrayTypeNode(node)) return `Array<${recurse(node.elementType)}>`
  if (ts.isParenthesizedTypeNode(node)) return typeText(ts, sf, node.type, { dropNullish })
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(sf)
    return node.typeArguments ? `${name}<${node.typeArguments.map(recurse).join(',')}>` : name
  }
  if (ts.isUnionTypeNode(node)) {
    let members = node.types.map(recurse)
    if (dropNullish) members = members.filter((m) => m !== 'null' && m !== 'undefined')
    members.sort()
    return members.join('|')
  }
  return node.getText(sf).replace(/\s+/g, '')
}

const canonical = (ts, text) => {
  const sf = ts.createSourceFile('t.ts', `type T = ${text};`, ts.ScriptTarget.Latest, true)
  return typeText(ts, sf, sf.statements[0].type)
}

const isExported = (ts, node) => (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0

/** Exported functions and type names of a `.d.ts`. */
export function readDeclarations(dtsText, ts) {
  const sf = ts.createSourceFile('index.d.ts', dtsText, ts.ScriptTarget.Latest, true)
  const functions = new Map()
  const types = new Set()
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && isExported(ts, statement)) {
      let returns = typeText(ts, sf, statement.type)
      let kind = 'sync'
      if (statement.type && ts.isTypeReferenceNode(statement.type) && statement.type.typeName.getText(sf) === 'Promise') {
        kind = 'async'
        returns = typeText(ts, sf, statement.type.typeArguments?.[0])
      }
      const params = statement.parameters.map((p) => {
        const optional = Boolean(p.questionToken)
        return { name: p.name.getText(sf), type: typeText(ts, sf, p.type, { dropNullish: optional }), optional }
      })
      functions.set(statement.name.text, { name: statement.name.text, kind, params, returns })
    } else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && isExported(ts, statement)) {
      types.add(statement.name.text)
    }
  }
  return { functions, types }
}

/** Differences between the declarations and the API list; empty when they agree. */
export function checkDeclarations(dtsText, apiList, ts) {
  const problems = []
  const { functions, types } = readDeclarations(dtsText, ts)
  const wanted = new Map(apiList.functions.map((f) => [f.name, f]))
  for (const name of functions.keys()) {
    if (!name.startsWith('__') && !wanted.has(name)) problems.push(`${name}: exported but not in the API list`)
  }
  for (const want of apiList.functions) {
    const got = functions.get(want.name)
    if (!got) {
      problems.push(`${want.name}: in the API list but not exported`)
      continue
    }
    if (got.kind !== want.kind) problems.push(`${want.name}: ${got.kind}, the API list says ${want.kind}`)
    const returns = canonical(ts, want.returns)
    if (got.returns !== returns) problems.push(`${want.name}: returns ${got.returns}, the API list says ${returns}`)
    const wantParams = want.params.map((p) => ({
      name: p.name,
      type: canonical(ts, p.type),
      optional: p.optional,
    }))
    if (JSON.stringify(got.params) !== JSON.stringify(wantParams)) {
      problems.push(
        `${want.name}: parameters ${JSON.stringify(got.params)}, the API list says ${JSON.stringify(wantParams)}`,
      )
    }
  }
  for (const name of apiList.types) {
    if (!types.has(name)) problems.push(`type ${name}: in the API list but not exported`)
  }
  return problems
}
