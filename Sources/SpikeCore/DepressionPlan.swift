/// What one step's hard-bound depression looks like across the target population
/// (see `Network.prepareDepression`): whether every target has the same change, so a
/// depressed row moves as one, and how many targets have any change at all.
struct DepressionPlan {
    var uniform = false
    var nonzero = 0
}
