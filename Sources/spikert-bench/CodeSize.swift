import CSystem

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
/// under qemu-user, which maps that path to the guest executable. Only the ELF header,
/// the section headers, `.shstrtab`, `.symtab` and its string table are read (fseek +
/// fread, a few hundred KB at most). A stripped binary has no `.symtab`: then
/// `spikeCoreBytes` is nil and the report prints "-".
struct CodeSize {
    var spikeCoreBytes: Int? = nil
    /// Function symbols counted (aliases included).
    var spikeCoreFunctions = 0
    var textBytes: Int? = nil
    /// Why `spikeCoreBytes` is nil, for the progress line.
    var note = ""

    static func measure() -> CodeSize {
        var result = CodeSize()
        let path: [CChar] = Array("/proc/self/exe".utf8CString)
        guard let file = path.withUnsafeBufferPointer({ fopen($0.baseAddress, "rb") }) else {
            result.note = "cannot open /proc/self/exe"
            return result
        }
        defer { fclose(file) }
        do throws(BenchError) {
            try result.read(file)
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

    private mutating func read(_ file: UnsafeMutablePointer<FILE>) throws(BenchError) {
        let header = try CodeSize.bytes(file, 0, 64)
        defer { header.deallocate() }
        let h = UnsafeRawBufferPointer(header)
        guard try CodeSize.load(h, 0, UInt32.self) == 0x464C_457F else {
            throw BenchError("not an ELF file")
        }
        let elfClass = try CodeSize.load(h, 4, UInt8.self)
        guard elfClass == 1 || elfClass == 2, try CodeSize.load(h, 5, UInt8.self) == 1 else {
            throw BenchError("not a little-endian ELF32/ELF64 file")
        }
        let wide = elfClass == 2
        let tableOffset = try CodeSize.word(h, wide ? 0x28 : 0x20, wide)
        let entrySize = Int(try CodeSize.load(h, wide ? 0x3A : 0x2E, UInt16.self))
        var count = Int(try CodeSize.load(h, wide ? 0x3C : 0x30, UInt16.self))
        var namesIndex = Int(try CodeSize.load(h, wide ? 0x3E : 0x32, UInt16.self))
        guard tableOffset > 0, entrySize >= (wide ? 64 : 40) else {
            throw BenchError("no section headers")
        }
        // Extended numbering: section 0 holds the count and the names index.
        let first = try CodeSize.section(file, tableOffset, entrySize, wide)
        if count == 0 { count = first.size }
        if namesIndex == 0xFFFF { namesIndex = first.link }
        guard count > 0, count < 1 << 20, namesIndex < count else {
            throw BenchError("bad section header table")
        }
        let table = try CodeSize.bytes(file, tableOffset, count * entrySize)
        defer { table.deallocate() }
        var sections: [Section] = []
        for k in 0..<count {
            sections.append(try CodeSize.parse(UnsafeRawBufferPointer(table), k * entrySize, wide))
        }
        let names = try CodeSize.bytes(file, sections[namesIndex].offset, sections[namesIndex].size)
        defer { names.deallocate() }
        var symbolTable: Section? = nil
        for s in sections {
            if CodeSize.named(UnsafeRawBufferPointer(names), s.name, ".text") { textBytes = s.size }
            if s.type == 2 { symbolTable = s }  // SHT_SYMTAB
        }
        guard let symtab = symbolTable, symtab.link < sections.count else {
            throw BenchError("no symbol table (stripped binary)")
        }
        try sumSpikeCore(file, symtab, sections[symtab.link], wide)
    }

    /// Adds up the address ranges of SpikeCore's function symbols.
    private mutating func sumSpikeCore(_ file: UnsafeMutablePointer<FILE>, _ symtab: Section,
                                       _ strtab: Section, _ wide: Bool) throws(BenchError)
    {
        let stride = wide ? 24 : 16
        guard symtab.entrySize == stride else { throw BenchError("unexpected symbol size") }
        let symbols = try CodeSize.bytes(file, symtab.offset, symtab.size)
        defer { symbols.deallocate() }
        let strings = try CodeSize.bytes(file, strtab.offset, strtab.size)
        defer { strings.deallocate() }
        let sym = UnsafeRawBufferPointer(symbols), str = UnsafeRawBufferPointer(strings)
        var ranges: [(start: UInt64, end: UInt64)] = []
        for k in 0..<(symtab.size / stride) {
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

    private static func section(_ file: UnsafeMutablePointer<FILE>, _ offset: Int,
                                _ entrySize: Int, _ wide: Bool) throws(BenchError) -> Section
    {
        let raw = try bytes(file, offset, entrySize)
        defer { raw.deallocate() }
        return try parse(UnsafeRawBufferPointer(raw), 0, wide)
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

    /// `count` bytes of the file from `offset`, in a malloc'd buffer (deallocate it).
    private static func bytes(_ file: UnsafeMutablePointer<FILE>, _ offset: Int, _ count: Int)
        throws(BenchError) -> UnsafeMutableRawBufferPointer
    {
        guard offset >= 0, count >= 0, count < 1 << 28, fseek(file, offset, SEEK_SET) == 0 else {
            throw BenchError("cannot seek in the executable")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
        guard fread(buffer.baseAddress, 1, count, file) == count else {
            buffer.deallocate()
            throw BenchError("executable shorter than its headers say")
        }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
    }
}
