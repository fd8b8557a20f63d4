import SpikeHost
import SpikeIO

/// How much SpikeRT code this benchmark binary carries, read from its own ELF file.
///
/// `spikeCoreBytes` is the machine code of module SpikeCore in the binary: the summed
/// sizes of the ELF symbol table's function symbols whose Swift mangled name belongs to
/// SpikeCore (`$s9SpikeCore…` in the full-Swift build, `$e9SpikeCore…` in Embedded
/// Swift), every byte counted once (aliases and folded copies share an address range).
/// That is the runtime the benchmark runs, as compiled for this target with this
/// build's flags, including generic specializations SpikeCore emits; it excludes the
/// benchmark's own code, the Swift runtime and stdlib, libc, and SpikeModel (which the
/// Embedded build links in but the benchmark never calls). `textBytes` is the size of
/// the binary's `.text` section, everything included, for scale.
///
/// The file is `/proc/self/exe`: no argv[0] search, works in both build modes, and
/// under qemu-user, which maps that path to the guest executable. It is read whole with
/// SpikeIO's `ByteFile` (a few MB at most), once, before anything is timed; the ELF
/// header, the section headers, `.shstrtab`, `.symtab` and its string table are parsed
/// in memory, every field bounds-checked. A stripped binary has no `.symtab`: then
/// `spikeCoreBytes` is nil and the report prints "-".
///
/// The only reader of code sizes from an ELF symbol table in the project;
/// cross/firmware/mps2-an386/map_sizes.py sizes a firmware image from its link map.
struct CodeSize {
    var spikeCoreBytes: Int? = nil
    /// Function symbols counted (aliases included).
    var spikeCoreFunctions = 0
    var textBytes: Int? = nil
    /// Why `spikeCoreBytes` is nil, for the progress line.
    var note = ""

    static func measure() -> CodeSize {
        var result = CodeSize()
        let path = CString("/proc/self/exe")
        let file: ByteFile
        do { file = try ByteFile(path: path.pointer, limit: 1 << 28) } catch {
            result.note = "cannot read /proc/self/exe: " + error.message
            return result
        }
        do throws(BenchError) {
            try result.read(UnsafeRawBufferPointer(file.bytes))
        } catch {
            result.note = error.message
        }
        return result
    }

    /// One section header, the fields used here.
    private struct Section {
        var name = 0
        var type: UInt32 = 0
        var offset = 0
        var size = 0
        var link = 0
        var entrySize = 0
    }

    private mutating func read(_ elf: UnsafeRawBufferPointer) throws(BenchError) {
        guard try CodeSize.load(elf, 0, UInt32.self) == 0x464C_457F else {
            throw BenchError("not an ELF file")
        }
        let elfClass = try CodeSize.load(elf, 4, UInt8.self)
        guard elfClass == 1 || elfClass == 2, try CodeSize.load(elf, 5, UInt8.self) == 1 else {
            throw BenchError("not a little-endian ELF32/ELF64 file")
        }
        let wide = elfClass == 2
        let tableOffset = try CodeSize.word(elf, wide ? 0x28 : 0x20, wide)
        let entrySize = Int(try CodeSize.load(elf, wide ? 0x3A : 0x2E, UInt16.self))
        var count = Int(try CodeSize.load(elf, wide ? 0x3C : 0x30, UInt16.self))
        var namesIndex = Int(try CodeSize.load(elf, wide ? 0x3E : 0x32, UInt16.self))
        guard tableOffset > 0, entrySize >= (wide ? 64 : 40) else {
            throw BenchError("no section headers")
        }
        // Extended numbering: section 0 holds the count and the names index.
        let first = try CodeSize.parse(elf, tableOffset, wide)
        if count == 0 { count = first.size }
        if namesIndex == 0xFFFF { namesIndex = first.link }
        guard count > 0, count < 1 << 20, namesIndex < count else {
            throw BenchError("bad section header table")
        }
        var sections: [Section] = []
        for k in 0..<count {
            sections.append(try CodeSize.parse(elf, tableOffset + k * entrySize, wide))
        }
        let names = try CodeSize.slice(elf, sections[namesIndex])
        var symbolTable: Section? = nil
        for s in sections {
            if CodeSize.named(names, s.name, ".text") { textBytes = s.size }
            if s.type == 2 { symbolTable = s }  // SHT_SYMTAB
        }
        guard let symtab = symbolTable, symtab.link < sections.count else {
            throw BenchError("no symbol table (stripped binary)")
        }
        try sumSpikeCore(try CodeSize.slice(elf, symtab), symtab.entrySize,
                         try CodeSize.slice(elf, sections[symtab.link]), wide)
    }

    /// Adds up the address ranges of SpikeCore's function symbols.
    private mutating func sumSpikeCore(_ sym: UnsafeRawBufferPointer, _ entrySize: Int,
                                       _ str: UnsafeRawBufferPointer, _ wide: Bool) throws(BenchError)
    {
        let stride = wide ? 24 : 16
        guard entrySize == stride else { throw BenchError("unexpected symbol size") }
        var ranges: [(start: UInt64, end: UInt64)] = []
        for k in 0..<(sym.count / stride) {
            let at = k * stride
            let info = try CodeSize.load(sym, at + (wide ? 4 : 12), UInt8.self)
            let sectionIndex = try CodeSize.load(sym, at + (wide ? 6 : 14), UInt16.self)
            guard info & 0xF == 2, sectionIndex != 0 else { continue }  // defined STT_FUNC
            let name = Int(try CodeSize.load(sym, at, UInt32.self))
            guard CodeSize.isSpikeCore(str, name) else { continue }
            let value = wide ? try CodeSize.load(sym, at + 8, UInt64.self)
                             : UInt64(try CodeSize.load(sym, at + 4, UInt32.self))
            let size = wide ? try CodeSize.load(sym, at + 16, UInt64.self)
                            : UInt64(try CodeSize.load(sym, at + 8, UInt32.self))
            if size > 0 { ranges.append((value, value &+ size)) }
        }
        ranges.sort { $0.start < $1.start }
        var total: UInt64 = 0
        var covered: UInt64 = 0  // end of the ranges counted so far
        for r in ranges where r.end > covered {
            total &+= r.end &- max(r.start, covered)
            covered = r.end
        }
        spikeCoreBytes = Int(truncatingIfNeeded: total)
        spikeCoreFunctions = ranges.count
    }

    /// `$s9SpikeCore` or `$e9SpikeCore` at `offset` of the string table.
    private static func isSpikeCore(_ strings: UnsafeRawBufferPointer, _ offset: Int) -> Bool {
        let suffix: StaticString = "9SpikeCore"
        let n = suffix.utf8CodeUnitCount
        guard offset >= 0, offset + 2 + n <= strings.count,
              strings[offset] == 0x24,  // "$"
              strings[offset + 1] == 0x73 || strings[offset + 1] == 0x65  // "s" / "e"
        else { return false }
        for k in 0..<n where strings[offset + 2 + k] != suffix.utf8Start[k] { return false }
        return true
    }

    /// Whether the NUL-terminated string at `offset` is exactly `name`.
    private static func named(_ strings: UnsafeRawBufferPointer, _ offset: Int,
                              _ name: StaticString) -> Bool
    {
        let n = name.utf8CodeUnitCount
        guard offset >= 0, offset + n < strings.count, strings[offset + n] == 0 else { return false }
        for k in 0..<n where strings[offset + k] != name.utf8Start[k] { return false }
        return true
    }

    private static func parse(_ b: UnsafeRawBufferPointer, _ at: Int, _ wide: Bool)
        throws(BenchError) -> Section
    {
        var s = Section()
        s.name = Int(try load(b, at, UInt32.self))
        s.type = try load(b, at + 4, UInt32.self)
        s.offset = try word(b, at + (wide ? 0x18 : 0x10), wide)
        s.size = try word(b, at + (wide ? 0x20 : 0x14), wide)
        s.link = Int(try load(b, at + (wide ? 0x28 : 0x18), UInt32.self))
        s.entrySize = try word(b, at + (wide ? 0x38 : 0x24), wide)
        return s
    }

    /// An address-sized field (u64 in ELF64, u32 in ELF32) as a file offset or size.
    private static func word(_ b: UnsafeRawBufferPointer, _ at: Int, _ wide: Bool)
        throws(BenchError) -> Int
    {
        let value = wide ? try load(b, at, UInt64.self) : UInt64(try load(b, at, UInt32.self))
        guard value < 1 << 31 else { throw BenchError("ELF field out of range") }
        return Int(truncatingIfNeeded: value)
    }

    private static func load<T: FixedWidthInteger>(_ b: UnsafeRawBufferPointer, _ at: Int,
                                                   _: T.Type) throws(BenchError) -> T
    {
        guard at >= 0, at <= b.count - MemoryLayout<T>.size else {
            throw BenchError("ELF structure outside its section")
        }
        return T(littleEndian: b.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    /// The bytes of section `s` within the file, checked against the file's end.
    private static func slice(_ elf: UnsafeRawBufferPointer, _ s: Section) throws(BenchError)
        -> UnsafeRawBufferPointer
    {
        guard s.offset >= 0, s.size >= 0, s.size <= elf.count - s.offset else {
            throw BenchError("executable shorter than its section headers say")
        }
        return UnsafeRawBufferPointer(rebasing: elf[s.offset..<(s.offset + s.size)])
    }
}
