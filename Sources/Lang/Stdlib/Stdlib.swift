/// Installs every built-in module of the standard library into a registry.
public enum Stdlib {
    public static func install(into registry: Registry) {
        StringModule.install(into: registry)
        IntegerModule.install(into: registry)
        FloatModule.install(into: registry)
    }
}
