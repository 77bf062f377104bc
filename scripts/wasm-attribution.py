#!/usr/bin/env python3
"""What the Wasm of each island page is made of, by crate: the answer to "where are the bytes".

Reads the linked Wasm before it is split and optimised (a release build with `--split` keeps it,
with the relocations wasm-split needs, at target/front/wasm32-unknown-unknown/wasm-release/
frontend.wasm) and follows every reference a function or a constant makes (calls, function
pointers in vtables, addresses of constants), as wasm-split does, from three kinds of roots:
the bundle's exports (what every island page loads), and each lazy island's loader.

Prints, in bytes of code before wasm-opt (about 1.2x what is shipped, before brotli):
  - the bundle, and the part every island shares (wasm-split's common chunk), by crate;
  - each island's own code beyond that shared part, by crate.
With an island's name (or `shared`, or `bundle`) as argument, also that part's largest
functions, generic arguments folded, so that one generic's many copies show as one line.

    scripts/wasm-attribution.py [ISLAND|shared|bundle] [how-many]
"""
import bisect
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WASM = os.path.join(ROOT, "target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm")

# Relocation types that carry an addend (the WebAssembly tool conventions, Linking.md).
WITH_ADDEND = {3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25}
# Relocations that name a type, a global, a tag or a table: no edge between code and data.
NOT_AN_EDGE = {6, 7, 10, 13, 20}


def uleb(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sleb(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return (result - (1 << shift) if byte & 0x40 else result), i


def name(b, i):
    length, i = uleb(b, i)
    return b[i:i + length].decode("utf-8", "replace"), i + length


class Module:
    def __init__(self, path):
        b = self.b = open(path, "rb").read()
        self.sections = {}
        i = 8
        while i < len(b):
            section, i = b[i], i + 1
            size, i = uleb(b, i)
            if section == 0:
                custom, start = name(b, i)
                self.sections[custom] = (start, i + size)
            else:
                self.sections[section] = (i, i + size)
            i += size
        self.imported = self.imported_functions()
        self.exports = self.function_exports()
        self.bodies = self.function_bodies()
        self.segments = self.data_segments()
        self.symbols = self.symbol_table()

    def imported_functions(self):
        b, (i, _) = self.b, self.sections[2]
        count, i = uleb(b, i)
        functions = 0
        for _ in range(count):
            _, i = name(b, i)
            _, i = name(b, i)
            kind, i = b[i], i + 1
            if kind == 0:
                _, i = uleb(b, i)
                functions += 1
            elif kind in (1, 2):
                if kind == 1:
                    i += 1
                flags, i = uleb(b, i)
                _, i = uleb(b, i)
                if flags & 1:
                    _, i = uleb(b, i)
            elif kind == 3:
                i += 2
            elif kind == 4:
                i += 1
                _, i = uleb(b, i)
        return functions

    def function_exports(self):
        b, (i, _) = self.b, self.sections[7]
        count, i = uleb(b, i)
        exports = {}
        for _ in range(count):
            export, i = name(b, i)
            kind, i = b[i], i + 1
            index, i = uleb(b, i)
            if kind == 0:
                exports[export] = index
        return exports

    def function_bodies(self):
        """(start, end, function index), offsets from the start of the code section."""
        b, (start, _) = self.b, self.sections[10]
        count, i = uleb(b, start)
        bodies = []
        for k in range(count):
            size, i = uleb(b, i)
            bodies.append((i - start, i - start + size, self.imported + k))
            i += size
        return bodies

    def data_segments(self):
        """(start, size) of each segment, offsets from the start of the data section."""
        b, (start, _) = self.b, self.sections[11]
        count, i = uleb(b, start)
        segments = []
        for _ in range(count):
            flags, i = uleb(b, i)
            if flags == 2:
                _, i = uleb(b, i)
            if flags in (0, 2):
                while b[i] != 0x0B:
                    opcode, i = b[i], i + 1
                    _, i = sleb(b, i) if opcode == 0x41 else uleb(b, i)
                i += 1
            size, i = uleb(b, i)
            segments.append((i - start, size))
            i += size
        return segments

    def symbol_table(self):
        """(kind, function index or None, name, (start, end) in the data section or None)."""
        b, (i, end) = self.b, self.sections["linking"]
        _, i = uleb(b, i)
        symbols = []
        while i < end:
            subsection, i = b[i], i + 1
            size, i = uleb(b, i)
            after = i + size
            if subsection == 8:
                count, i = uleb(b, i)
                for _ in range(count):
                    kind, i = b[i], i + 1
                    flags, i = uleb(b, i)
                    undefined = flags & 0x10
                    if kind in (0, 2, 4, 5):
                        index, i = uleb(b, i)
                        label = None
                        if not undefined or flags & 0x40:
                            label, i = name(b, i)
                        symbols.append((kind, index, label, None))
                    elif kind == 1:
                        label, i = name(b, i)
                        where = None
                        if not undefined:
                            segment, i = uleb(b, i)
                            offset, i = uleb(b, i)
                            length, i = uleb(b, i)
                            base = self.segments[segment][0] + offset
                            where = (base, base + max(length, 1))
                        symbols.append((1, None, label, where))
                    elif kind == 3:
                        index, i = uleb(b, i)
                        symbols.append((3, index, None, None))
            i = after
        return symbols

    def graph(self):
        """Edges between functions ('f', index) and constants ('d', symbol)."""
        starts = [start for start, _, _ in self.bodies]
        constants = sorted((where[0], where[1], s) for s, (kind, _, _, where) in enumerate(self.symbols) if where)
        constant_starts = [start for start, _, _ in constants]

        def function_at(offset):
            return ("f", self.bodies[bisect.bisect_right(starts, offset) - 1][2])

        def constant_at(offset):
            k = bisect.bisect_right(constant_starts, offset) - 1
            if k >= 0 and constants[k][0] <= offset < constants[k][1]:
                return ("d", constants[k][2])
            return None

        def target(symbol):
            kind, index, _, _ = self.symbols[symbol]
            return ("f", index) if kind == 0 else ("d", symbol) if kind == 1 else None

        edges = collections.defaultdict(set)
        for section, source_at in (("reloc.CODE", function_at), ("reloc.DATA", constant_at)):
            b, (i, _) = self.b, self.sections[section]
            _, i = uleb(b, i)
            count, i = uleb(b, i)
            for _ in range(count):
                kind, i = b[i], i + 1
                offset, i = uleb(b, i)
                symbol, i = uleb(b, i)
                if kind in WITH_ADDEND:
                    _, i = sleb(b, i)
                source = source_at(offset)
                if source and kind not in NOT_AN_EDGE and (to := target(symbol)):
                    edges[source].add(to)
        self.constant_size = {s: end - start for start, end, s in constants}
        return edges

    def names(self):
        """Function index -> name, from the name section."""
        b, (i, end) = self.b, self.sections["name"]
        names = {}
        while i < end:
            subsection, i = b[i], i + 1
            size, i = uleb(b, i)
            after = i + size
            if subsection == 1:
                count, i = uleb(b, i)
                for _ in range(count):
                    index, i = uleb(b, i)
                    names[index], i = name(b, i)
            i = after
        return names


LEGACY_ESCAPES = {"$LT$": "<", "$GT$": ">", "$RF$": "&", "$BP$": "*", "$C$": ",", "$u20$": " ",
                  "$u27$": "'", "$u5b$": "[", "$u5d$": "]", "$u7b$": "{", "$u7d$": "}", "$u3b$": ";",
                  "$u2b$": "+", "$u22$": '"', "$LP$": "(", "$RP$": ")", "..": "::"}


def demangle(symbol):
    """Rust's legacy mangling (`_ZN…17h<hash>E`) made readable; the v0 mangling of the standard
    library (`_R…`) reduced to its crate and last name; other names as they are."""
    if symbol.startswith("_R"):
        crate = re.search(r"C(?:s[0-9A-Za-z]*_)?([0-9]+)", symbol)
        if not crate:
            return symbol
        start = crate.end()
        idents = [symbol[start:start + int(crate.group(1))]]
        # The last identifier: a decimal length right after a v0 tag letter, then that many characters.
        for m in re.finditer(r"(?<=[A-Za-z_])([1-9][0-9]*)", symbol[start:]):
            ident = symbol[start + m.end():start + m.end() + int(m.group(1))]
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", ident):
                last = ident
        return "::".join(idents + ([last] if "last" in locals() else []))
    if not symbol.startswith("_ZN"):
        return symbol
    i, parts = 3, []
    while i < len(symbol) and symbol[i].isdigit():
        j = i
        while symbol[j].isdigit():
            j += 1
        length = int(symbol[i:j])
        part = symbol[j:j + length]
        i = j + length
        if re.fullmatch(r"h[0-9a-f]{16}", part):
            continue
        if part.startswith("_$"):
            part = part[1:]
        for escape, text in LEGACY_ESCAPES.items():
            part = part.replace(escape, text)
        parts.append(part)
    return "::".join(parts)


def crate_of(function):
    function = function.lstrip("<&*").replace("mut ", "").replace("dyn ", "")
    # `<T as Trait>::f`, a generic implementation: the trait's crate.
    function = re.sub(r"^(?:[A-Z]|\[T\]) as ", "", function)
    match = re.match(r"([a-z_][a-z0-9_]*)::", function)
    return match.group(1) if match else "(other)"


def fold_generics(function):
    while True:
        folded = re.sub(r"<[^<>]*>", "<…>", function)
        if folded == function:
            return folded
        function = folded


def main():
    wasm = WASM
    if not os.path.exists(wasm):
        sys.exit(f"no {wasm}: build first (cargo leptos build --release --split)")
    module = Module(wasm)
    edges = module.graph()
    size = {("f", index): end - start for start, end, index in module.bodies}
    size.update((("d", s), n) for s, n in module.constant_size.items())
    names = {index: demangle(n) for index, n in module.names().items()}
    # wasm-bindgen's descriptions run at build time and are removed from what is shipped.
    for index, n in names.items():
        if n.startswith("__wbindgen_describe") or "WasmDescribe" in n:
            edges.pop(("f", index), None)
            size[("f", index)] = 0

    def reach(roots):
        seen, stack = set(roots), list(roots)
        while stack:
            for to in edges.get(stack.pop(), ()):
                if to not in seen:
                    seen.add(to)
                    stack.append(to)
        return seen

    split = "__wasm_split_00"
    loaders = {re.search(r"_([A-Za-z0-9]+)_loader$", e).group(1): ("f", i)
               for e, i in module.exports.items() if e.startswith(split)}
    bundle = reach([("f", i) for e, i in module.exports.items()
                    if not e.startswith(split) and not e.startswith("__wbindgen_describe")])
    own = {island: reach([root]) - bundle for island, root in loaders.items()}
    shared = set.intersection(*own.values()) if own else set()

    def code(nodes):
        return sum(size.get(n, 0) for n in nodes if n[0] == "f")

    def by_crate(nodes, top=8):
        crates = collections.Counter()
        for n in nodes:
            if n[0] == "f":
                crates[crate_of(names.get(n[1], "?"))] += size.get(n, 0)
        return ", ".join(f"{crate} {bytes_ / 1000:.1f}" for crate, bytes_ in crates.most_common(top))

    constants = sum(size.get(n, 0) for n in bundle.union(*own.values()) if n[0] == "d")
    print("code before wasm-opt, kB (constants of every island stay in the bundle: "
          f"{constants / 1000:.1f} kB)")
    print(f"{'bundle (every island page)':<30} {code(bundle) / 1000:7.1f}  {by_crate(bundle)}")
    print(f"{'shared by every island':<30} {code(shared) / 1000:7.1f}  {by_crate(shared)}")
    for island in sorted(own):
        part = own[island] - shared
        print(f"{island + ' (own)':<30} {code(part) / 1000:7.1f}  {by_crate(part)}")

    if len(sys.argv) > 1:
        which = sys.argv[1]
        part = {"bundle": bundle, "shared": shared}.get(which)
        if part is None:
            part = own[which] - shared
        folded, copies = collections.Counter(), collections.Counter()
        for n in part:
            if n[0] == "f":
                key = fold_generics(names.get(n[1], "?"))
                folded[key] += size.get(n, 0)
                copies[key] += 1
        print(f"\nlargest in {which} (bytes, copies, function with generics folded):")
        for key, bytes_ in folded.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 40):
            print(f"{bytes_:7} {copies[key]:4}  {key[:150]}")


if __name__ == "__main__":
    main()
