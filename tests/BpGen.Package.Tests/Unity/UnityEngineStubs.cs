namespace BpGen.Package.Tests.Unity;

/// <summary>
/// Stand-ins for the UnityEngine types and members the sample uses, compiled beside it: the build
/// machines have no Unity installation, hence no UnityEngine.dll. They carry Unity's names, kinds and
/// signatures, which is all the compiler checks the sample against; none of them ever runs.
/// </summary>
internal static class UnityEngineStubs
{
    public const string Source = """
        namespace UnityEngine
        {
            public class Object { }

            public class Component : Object
            {
                public Transform transform => null;

                public bool TryGetComponent<T>(out T component)
                {
                    component = default;
                    return false;
                }
            }

            public class Behaviour : Component { }

            public class MonoBehaviour : Behaviour { }

            public class Transform : Component
            {
                public Vector3 position { get; set; }
            }

            public class Renderer : Component
            {
                public Material material { get; set; }
            }

            public class Material : Object
            {
                public Color color { get; set; }
            }

            public struct Vector3
            {
                public float x, y, z;

                public Vector3(float x, float y, float z)
                {
                    this.x = x;
                    this.y = y;
                    this.z = z;
                }
            }

            public struct Color
            {
                public static Color red => default;

                public static Color green => default;

                public static Color Lerp(Color a, Color b, float t) => default;
            }

            public struct Mathf
            {
                public static float Sin(float f) => 0;
            }

            public static class Time
            {
                public static float time => 0;
            }

            public static class Debug
            {
                public static void Log(object message) { }
            }

            [System.AttributeUsage(System.AttributeTargets.Field)]
            public sealed class SerializeField : System.Attribute { }

            public abstract class PropertyAttribute : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Field)]
            public sealed class TooltipAttribute : PropertyAttribute
            {
                public TooltipAttribute(string tooltip) { }
            }
        }
        """;
}
