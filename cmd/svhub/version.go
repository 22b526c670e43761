package main

import "runtime/debug"

// version is set at build time (-ldflags "-X main.version=v1.2.3"); without
// it, the module version or VCS revision Go stamped into the binary.
var version = ""

func svhubVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v = s.Value[:12]
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += "-dirty"
		}
	}
	if v == "" {
		v = "unknown"
	}
	return v
}
