/// Installs every built-in module of the standard library into a registry.
public enum Stdlib {
    public static func install(into registry: Registry) {
        StringModule.install(into: registry)
        IntegerModule.install(into: registry)
        FloatModule.install(into: registry)
        EnumModule.install(into: registry)
        ListModule.install(into: registry)
        MapModule.install(into: registry)
        KeywordModule.install(into: registry)
        MapSetModule.install(into: registry)
        TupleModule.install(into: registry)
        RangeModule.install(into: registry)
        AccessModule.install(into: registry)
        StreamModule.install(into: registry)
        MathModule.install(into: registry)
        RandModule.install(into: registry)
        BitwiseModule.install(into: registry)
        ProcessModule.install(into: registry)
        TimerModule.install(into: registry)
        SystemModule.install(into: registry)
        NxModule.install(into: registry)
    }
}
