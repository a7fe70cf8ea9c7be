/// Installs every built-in module of the standard library into a registry.
public enum Stdlib {
    public static func install(into registry: Registry) {
        EnumModule.install(into: registry)
        RangeModule.install(into: registry)
        RandModule.install(into: registry)
    }
}
