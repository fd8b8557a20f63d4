// The SpikeGPIO module; its files come with the daemon.
