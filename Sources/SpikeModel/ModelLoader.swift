import SpikeCore

/// Loads SpikeRT blobs (docs/model.cddl) into caller memory with libcbor's streaming
/// decoder, in two passes over the blob (docs/LOADER.md):
///
/// 1. `arenaSize(blob:options:)` validates everything and returns the arena bytes;
/// 2. `load(blob:arena:options:)` runs the same validation, fills the description in
///    the arena, builds the `Network` in the rest of it and, for a checkpoint,
///    restores the saved state.
///
/// Nothing is allocated; nothing runs before the whole blob has been checked.
public enum ModelLoader {
    /// Arena bytes `load` needs for `blob` with `options`. The result can depend on
    /// the blob's address modulo 4 (in place, misaligned CSR arrays are copied), so
    /// ask with the buffer that will be loaded.
    public static func arenaSize(blob: UnsafeRawBufferPointer, options: ModelLoadOptions = .inPlace)
        throws(ModelError) -> Int
    {
        try ModelValidator.plan(blob, options).total
    }

    /// Validate `blob` and load it into `arena` (16-byte aligned, at least
    /// `arenaSize` bytes). With `.inPlace` the blob must outlive the model, unchanged.
    public static func load(blob: UnsafeRawBufferPointer, arena: UnsafeMutableRawBufferPointer,
                            options: ModelLoadOptions = .inPlace) throws(ModelError) -> LoadedModel
    {
        let plan = try ModelValidator.plan(blob, options)
        guard let base = arena.baseAddress else {
            throw ModelError(.nullPointer, offset: 0, field: "arena")
        }
        guard UInt(bitPattern: base) % 16 == 0 else {
            throw ModelError(.arenaMisaligned, offset: 0, field: "arena")
        }
        guard arena.count >= plan.total else {
            throw ModelError(.arenaTooSmall, offset: 0, field: "arena", needed: plan.total)
        }
        var fill = ArenaFill(blob: blob, base: base, plan: plan, options: options)
        let spec = try fill.description()
        let needed: Int
        do { needed = try Network.arenaSize(for: spec) } catch {
            throw mapped(error, blob, plan.body)
        }
        // The plan measured the network with the same layout (`Network.measure`), so
        // this holds; checked all the same, as the arena must never be overrun.
        guard needed <= arena.count &- plan.networkStart else {
            throw ModelError(.arenaTooSmall, offset: 0, field: "network",
                             needed: plan.networkStart &+ needed)
        }
        let network: Network
        do {
            network = try Network(spec: spec, arena: UnsafeMutableRawBufferPointer(
                start: base + plan.networkStart, count: arena.count &- plan.networkStart))
        } catch {
            throw mapped(error, blob, plan.body)
        }
        let handle = (base + plan.handle).bindMemory(to: Network.self, capacity: 1)
        handle.initialize(to: network)
        fill.pointRulesAtNetworkWeights(handle.pointee)
        let model = LoadedModel(network: handle, metadata: fill.metadata, restoredState: plan.body.state >= 0)
        if plan.body.state >= 0 {
            var applier = StateApplier(blob: blob, net: handle)
            try StateWalker.walk(blob, at: plan.body.state, plan.body, &applier)
            handle.pointee.finishRestore()
        }
        return model
    }

    /// SpikeCore's verdict on the description, at the offset of the element it names.
    static func mapped(_ e: SpikeError, _ blob: UnsafeRawBufferPointer, _ body: ModelBody) -> ModelError {
        var offset = body.bodyOffset
        var list = -1, count = 0, at = body.bodyOffset
        switch e.status {
        case .invalidPopulation:
            (list, count, at) = (body.populations, body.populationCount, body.populationsOffset)
        case .limitExceeded where e.index >= 0 && e.index < body.populationCount:
            (list, count, at) = (body.populations, body.populationCount, body.populationsOffset)
        case .invalidProjection:
            (list, count, at) = (body.projections, body.projectionCount, body.projectionsOffset)
        case .zeroDelayCycle:
            at = body.projectionsOffset
        case .invalidEncoder:
            (list, count, at) = (body.encoders, body.encoderCount, body.encodersOffset)
        case .invalidDecoder:
            (list, count, at) = (body.decoders, body.decoderCount, body.decodersOffset)
        case .invalidPlasticity:
            (list, count, at) = (body.plasticity, body.plasticityCount, body.plasticityOffset)
        case .unsupported:
            // The only `unsupported` of a description: a low-power mode with IZH.
            at = body.powerModeOffset
        default:
            break
        }
        offset = at
        if list >= 0, e.index >= 0, e.index < count {
            var c = ListCursor(blob, first: list, count: count)
            if let o = try? c.seek(e.index) { offset = o }
        }
        return ModelError(e.status, offset: offset, field: e.field)
    }
}

/// Pass (b): the description and the metadata, written into the arena by the plan.
struct ArenaFill {
    let blob: UnsafeRawBufferPointer
    let base: UnsafeMutableRawPointer
    let plan: ModelPlan
    let options: ModelLoadOptions
    var poolUsed = 0
    var tensorUsed = 0
    var metadata = ModelMetadata(name: .init(start: nil, count: 0), producer: .init(start: nil, count: 0),
                                 dtNanoseconds: 0)

    init(blob: UnsafeRawBufferPointer, base: UnsafeMutableRawPointer, plan: ModelPlan,
         options: ModelLoadOptions) {
        self.blob = blob
        self.base = base
        self.plan = plan
        self.options = options
    }

    mutating func description() throws(ModelError) -> NetworkSpec {
        let body = plan.body
        let np = body.populationCount, nq = body.projectionCount
        let ne = body.encoderCount, nd = body.decoderCount
        let nr = body.plasticityCount
        let names = (base + plan.names).bindMemory(to: ModelName.self, capacity: plan.nameCount)
        let plastic = (base + plan.plastic).bindMemory(to: UInt8.self, capacity: nq)
        // Rules first: whether a projection has one decides who copies its weights.
        let rules = (base + plan.plasticitySpecs).bindMemory(to: PlasticitySpec.self, capacity: nr)
        var ruled = ProjectionSet()
        var r = CBORReader(blob, offset: body.plasticity)
        for k in 0..<nr {
            let rule = try ModelElements.plasticity(&r, depth: 4)
            (rules + k).initialize(to: rule)
            _ = ruled.insert(rule.projection)
        }
        let pops = (base + plan.populationSpecs).bindMemory(to: PopulationSpec.self, capacity: np)
        r.offset = body.populations
        for i in 0..<np {
            let p = try ModelElements.population(&r, depth: 4)
            (pops + i).initialize(to: p.spec)
            (names + i).initialize(to: string(p.name))
        }
        let projs = (base + plan.projectionSpecs).bindMemory(to: ProjectionSpec.self, capacity: nq)
        r.offset = body.projections
        for j in 0..<nq {
            let q = try ModelElements.projection(&r, depth: 4)
            let hasRule = ruled.contains(j)
            let c = ModelPlan.copies(q, hasRule: hasRule, blob: blob, options)
            var spec = ProjectionSpec(source: q.source, target: q.target, kind: q.kind,
                                      weights: tensor(q.weights, copy: c.weights, as: Int8.self))
            spec.delay = q.delay
            spec.shift = q.shift
            spec.conv = q.conv
            if let rows = q.rowPointers { spec.rowPointers = tensor(rows, copy: c.rows, as: UInt32.self) }
            if let cols = q.columns { spec.columns = tensor(cols, copy: c.columns, as: UInt16.self) }
            (projs + j).initialize(to: spec)
            (names + (np &+ j)).initialize(to: string(q.name))
            plastic[j] = q.plastic || hasRule ? 1 : 0
        }
        let encs = (base + plan.encoderSpecs).bindMemory(to: EncoderSpec.self, capacity: ne)
        r.offset = body.encoders
        for e in 0..<ne {
            let x = try ModelElements.encoder(&r, depth: 4)
            (encs + e).initialize(to: x.spec)
            (names + (np &+ nq &+ e)).initialize(to: string(x.name))
        }
        let decs = (base + plan.decoderSpecs).bindMemory(to: DecoderSpec.self, capacity: nd)
        r.offset = body.decoders
        for d in 0..<nd {
            let x = try ModelElements.decoder(&r, depth: 4)
            (decs + d).initialize(to: x.spec)
            (names + (np &+ nq &+ ne &+ d)).initialize(to: string(x.name))
        }
        metadata = ModelMetadata(
            name: string(body.metaName) ?? .init(start: nil, count: 0),
            producer: string(body.metaProducer) ?? .init(start: nil, count: 0),
            description: string(body.metaDescription), dtNanoseconds: body.dt,
            names: UnsafeBufferPointer(start: names, count: plan.nameCount),
            plastic: UnsafeBufferPointer(start: plastic, count: nq))
        var spec = NetworkSpec(
            populations: UnsafeBufferPointer(start: pops, count: np),
            projections: UnsafeBufferPointer(start: projs, count: nq),
            encoders: UnsafeBufferPointer(start: encs, count: ne),
            decoders: UnsafeBufferPointer(start: decs, count: nd),
            seed: body.seed)
        spec.plasticity = UnsafeBufferPointer(start: rules, count: nr)
        spec.power = body.power
        spec.tensorsInPlace = true
        return spec
    }

    /// A projection with a learning rule had its weights copied by the network, not by
    /// the loader: point its description at that copy (when copying, it pointed into
    /// the blob, which may go away after `load`).
    func pointRulesAtNetworkWeights(_ net: borrowing Network) {
        let rules = (base + plan.plasticitySpecs).assumingMemoryBound(to: PlasticitySpec.self)
        let projs = (base + plan.projectionSpecs).assumingMemoryBound(to: ProjectionSpec.self)
        for k in 0..<plan.body.plasticityCount {
            let j = rules[k].projection
            guard j >= 0, j < plan.body.projectionCount,
                  let w = try? net.projectionSpec(j).weights else { continue }
            projs[j].weights = w
        }
    }

    /// A string in place, or copied into the pool.
    private mutating func string(_ t: TextRef?) -> ModelName {
        guard let t else { return nil }
        let from = blob.start.assumingMemoryBound(to: UInt8.self) + t.start
        guard !options.inPlace else { return UnsafeBufferPointer(start: from, count: t.count) }
        let to = (base + plan.pool + poolUsed).assumingMemoryBound(to: UInt8.self)
        to.update(from: from, count: t.count)
        poolUsed &+= t.count
        return UnsafeBufferPointer(start: to, count: t.count)
    }

    /// A tensor in place, or copied into its own 16-byte aligned block.
    private mutating func tensor<T>(_ t: TensorRef, copy: Bool, as: T.Type) -> UnsafeBufferPointer<T> {
        let count = t.bytes / MemoryLayout<T>.stride
        let from = blob.start + t.start
        guard copy else {
            return UnsafeBufferPointer(start: from.assumingMemoryBound(to: T.self), count: count)
        }
        let to = base + plan.tensorStart + tensorUsed
        to.copyMemory(from: from, byteCount: t.bytes)
        tensorUsed &+= (t.bytes &+ 15) & ~15
        return UnsafeBufferPointer(start: to.bindMemory(to: T.self, capacity: count), count: count)
    }
}

/// Pass (b) for checkpoints: the validated state copied into the network.
struct StateApplier: StateVisitor {
    let blob: UnsafeRawBufferPointer
    let net: UnsafeMutablePointer<Network>

    func populationShape(_ i: Int) throws(ModelError) -> PopulationShape {
        do {
            let s = try net.pointee.populationState(i)
            return PopulationShape(size: s.size, model: s.model, historyDepth: s.historyDepth)
        } catch { throw ModelError(error.status, offset: 0, field: error.field) }
    }

    func encoderShape(_ e: Int) throws(ModelError) -> (channels: Int, hasState: Bool) {
        do {
            let s = try net.pointee.encoderState(e)
            return (s.values.count, s.state != nil)
        } catch { throw ModelError(error.status, offset: 0, field: error.field) }
    }

    func decoderSize(_ d: Int) throws(ModelError) -> Int? {
        do { return try net.pointee.decoderState(d)?.count } catch {
            throw ModelError(error.status, offset: 0, field: error.field)
        }
    }

    func ruleShape(_ r: Int) throws(ModelError) -> RuleShape {
        do {
            let s = try net.pointee.plasticityState(r)
            let reward = try net.pointee.plasticitySpec(r).rule.isRewardModulated
            return RuleShape(sources: s.pre?.count ?? 0, targets: s.post?.count ?? 0,
                             synapses: reward ? s.eligibility?.count ?? 0 : nil)
        } catch { throw ModelError(error.status, offset: 0, field: error.field) }
    }

    func applyRule(_ r: Int, _ t: RuleTensors) throws(ModelError) {
        do {
            let s = try net.pointee.plasticityState(r)
            copy(t.pre, into: s.pre)
            copy(t.post, into: s.post)
            copy(t.eligibility, into: s.eligibility)
            copy(t.stamps, into: s.stamps)
        } catch { throw ModelError(error.status, offset: 0, field: error.field) }
    }

    func applyRunState(_ s: RunState, at offset: Int) throws(ModelError) {
        do {
            try net.pointee.restoreRunState(tick: s.tick, prng: s.prng, decoderWindowStart: s.window,
                                            counters: s.counters)
        } catch { throw ModelError(.valueOutOfRange, offset: offset, field: error.field) }
    }

    private func copy<T>(_ t: TensorRef?, into b: UnsafeMutableBufferPointer<T>?) {
        guard let t, let b, let to = b.baseAddress, t.bytes == b.count &* MemoryLayout<T>.stride else { return }
        UnsafeMutableRawPointer(to).copyMemory(from: blob.start + t.start, byteCount: t.bytes)
    }

    func applyPopulation(_ i: Int, _ t: PopulationTensors, at offset: Int) throws(ModelError) {
        do {
            let s = try net.pointee.populationState(i)
            copy(t.v, into: s.v)
            copy(t.aux, into: s.aux)
            copy(t.refractory, into: s.refractory)
            copy(t.spiked, into: s.spiked)
            copy(t.pending, into: s.pending)
            var history = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            if let h = t.history, h.bytes > 0 {
                history = UnsafeBufferPointer(
                    start: (blob.start + h.start).assumingMemoryBound(to: UInt8.self), count: h.bytes)
            }
            try net.pointee.restoreSpikeLists(population: i, history: history)
        } catch { throw ModelError(.badShape, offset: offset, field: error.field) }
    }

    func applyEncoder(_ e: Int, values: TensorRef, state: TensorRef?) throws(ModelError) {
        do {
            let s = try net.pointee.encoderState(e)
            copy(values, into: s.values)
            copy(state, into: s.state)
        } catch { throw ModelError(error.status, offset: 0, field: error.field) }
    }

    func applyDecoder(_ d: Int, values: TensorRef?) throws(ModelError) {
        do { copy(values, into: try net.pointee.decoderState(d)) } catch {
            throw ModelError(error.status, offset: 0, field: error.field)
        }
    }
}
