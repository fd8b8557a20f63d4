// The SpikeControl module; its files come with the daemon.
