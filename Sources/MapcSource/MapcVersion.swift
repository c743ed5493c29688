/// mapc's version: the command line's `--version`, SARIF's driver version, and part of the
/// build cache's key (a new version never reuses an older one's pages).
public enum MapcVersion {
    public static let current = "0.2.0"
}
