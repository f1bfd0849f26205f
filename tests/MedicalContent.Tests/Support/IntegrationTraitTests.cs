using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using MedicalContent.Tests.Api;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Browser;
using MedicalContent.Tests.Cdn;
using MedicalContent.Tests.Faults;
using MedicalContent.Tests.Functions;
using MedicalContent.Tests.Packaging;
using MedicalContent.Tests.Publishing;

namespace MedicalContent.Tests.Support;

/// <summary>
/// The fast loop (<c>--filter "Category!=Integration"</c>) never starts a real part: every test class that reaches
/// one, through a constructor parameter, a class or collection fixture, a field or a call in any of its methods
/// (directly or through other test types), carries <see cref="IntegrationAttribute"/>.
/// </summary>
public class IntegrationTraitTests
{
    /// <summary>The types that start a real external part (a process, an install, a packaging publish).</summary>
    private static readonly Type[] RealParts =
    [
        typeof(SharedAzurite), typeof(AzuriteFixture), typeof(BlobStoreApi), typeof(FaultyStorageApi), typeof(BlobStoreParityHosts),
        typeof(VarnishProxy), typeof(HeadlessChromium), typeof(FunctionsPackage), typeof(ServerProcess), typeof(SystemPackages), typeof(DotnetCli),
        typeof(ToolRun),
    ];

    private static readonly Assembly Tests = typeof(IntegrationTraitTests).Assembly;

    /// <summary>The scan, done once for all the tests here.</summary>
    private static readonly Lazy<Dictionary<Type, string>> Reach = new(RealPartReach);

    [Fact]
    public void EveryTestClassThatStartsARealPartIsMarkedIntegration()
    {
        var reach = Reach.Value;
        var unmarked = TestClasses()
            .Where(c => reach.ContainsKey(c) && c.GetCustomAttribute<IntegrationAttribute>() is null)
            .Select(c => $"{c.Name} reaches {reach[c]}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(unmarked.Count == 0, $"Add [Integration] to:{Environment.NewLine}{string.Join(Environment.NewLine, unmarked)}");
    }

    [Theory]
    [InlineData(typeof(StoresAgree))] // constructor parameter and class fixture
    [InlineData(typeof(WorkerParityOnBlobStore))] // class fixture that uses Azurite
    [InlineData(typeof(BlobContentStoreTests))] // collection fixture
    [InlineData(typeof(SlowStorageTests))] // calls in async methods
    [InlineData(typeof(BrowserCorsTests))] // a static helper that starts Chromium
    public void TheScanFindsRealPartsWhicheverWayATestReachesThem(Type testClass)
    {
        Assert.True(Reach.Value.ContainsKey(testClass), $"{testClass.Name} was not found to reach a real part");
    }

    [Theory]
    [InlineData(typeof(ArticleEndpointsOnFileStore))]
    [InlineData(typeof(WorkerParityOnFileStore))]
    [InlineData(typeof(IntegrationTraitTests))]
    public void FileStoreTestsStayInTheFastLoop(Type testClass)
    {
        Assert.False(Reach.Value.TryGetValue(testClass, out var path), $"{testClass.Name} reaches {path}");
        Assert.Null(testClass.GetCustomAttribute<IntegrationAttribute>());
    }

    private static IEnumerable<Type> TestClasses() => Tests.GetTypes().Where(t =>
        t is { IsClass: true, IsAbstract: false } &&
        t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetCustomAttribute<FactAttribute>() is not null));

    /// <summary>Each test-assembly type that reaches a real part, with the path it takes ("A -> B -> AzuriteFixture").</summary>
    private static Dictionary<Type, string> RealPartReach()
    {
        var types = Tests.GetTypes().Where(t => !t.IsNested).ToList();
        var uses = types.ToDictionary(t => t, References);
        var reach = RealParts.ToDictionary(t => t, t => t.Name);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var type in types.Where(t => !reach.ContainsKey(t)))
            {
                var used = uses[type].FirstOrDefault(reach.ContainsKey);
                if (used is not null)
                {
                    reach[type] = RealParts.Contains(used) ? used.Name : $"{used.Name} -> {reach[used]}";
                    changed = true;
                }
            }
        }

        return reach;
    }

    /// <summary>The test-assembly types (outermost) a type and its nested types (lambdas, async state machines) refer to.</summary>
    private static HashSet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        foreach (var member in WithNested(type))
        {
            Add(found, member.BaseType);
            foreach (var implemented in member.GetInterfaces())
            {
                Add(found, implemented);
            }

            // [Collection("name")] brings the fixtures of the [CollectionDefinition("name")] class.
            foreach (var collection in CustomAttributeData.GetCustomAttributes(member).Where(a => a.AttributeType == typeof(CollectionAttribute)))
            {
                var name = collection.ConstructorArguments[0].Value;
                foreach (var definition in Tests.GetTypes().Where(t => CustomAttributeData.GetCustomAttributes(t)
                    .Any(a => a.AttributeType == typeof(CollectionDefinitionAttribute) && Equals(a.ConstructorArguments[0].Value, name))))
                {
                    Add(found, definition);
                }
            }

            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var field in member.GetFields(All))
            {
                Add(found, field.FieldType);
            }

            foreach (var method in member.GetMethods(All).Cast<MethodBase>().Concat(member.GetConstructors(All)))
            {
                foreach (var parameter in method.GetParameters())
                {
                    Add(found, parameter.ParameterType);
                }

                if (method is MethodInfo info)
                {
                    Add(found, info.ReturnType);
                }

                foreach (var used in Operands(method))
                {
                    Add(found, used);
                }
            }
        }

        found.Remove(type);
        return found;
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(type);

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }

            type = type.GetGenericTypeDefinition();
        }

        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        if (type.Assembly == Tests && !type.IsGenericParameter)
        {
            found.Add(type);
        }
    }

    /// <summary>
    /// The types of the methods, fields and types a method body's instructions use (a <c>typeof</c>, ldtoken, only
    /// names a type and is left out).
    /// </summary>
    private static IEnumerable<Type> Operands(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += code.Size;
            var operand = OperandSize(code.OperandType, il, at);
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType)
            {
                MemberInfo? member;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    member = null;
                }

                switch (member)
                {
                    case Type type:
                        yield return type;
                        break;
                    case MethodBase called:
                        if (called.DeclaringType is not null)
                        {
                            yield return called.DeclaringType;
                        }

                        if (called is MethodInfo { IsGenericMethod: true } generic)
                        {
                            foreach (var argument in generic.GetGenericArguments())
                            {
                                yield return argument;
                            }
                        }

                        break;
                    case FieldInfo field:
                        yield return field.FieldType;
                        if (field.DeclaringType is not null)
                        {
                            yield return field.DeclaringType;
                        }

                        break;
                }
            }

            at += operand;
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static readonly OpCode[] OneByte = OpCodeTable(single: true);

    private static readonly OpCode[] TwoByte = OpCodeTable(single: false);

    private static OpCode[] OpCodeTable(bool single)
    {
        var table = new OpCode[256];
        foreach (var code in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!))
        {
            if ((code.Size == 1) == single)
            {
                table[(ushort)code.Value & 0xFF] = code;
            }
        }

        return table;
    }
}
