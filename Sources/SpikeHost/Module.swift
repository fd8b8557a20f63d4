// The SpikeHost module; its files come with the daemon.
