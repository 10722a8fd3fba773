using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Kinodialog.Web.Tests.Architecture;

/// <summary>
/// Which part of the web assembly uses which, read from the compiled code (Mono.Cecil): every type
/// a class, its members, its method bodies and the Razor views compiled from a feature's folder refer to.
/// A part is a feature (<c>Features/X</c>), <c>Infrastructure</c>, or the composition root (not a part).
/// </summary>
public sealed class FeatureGraph
{
    public const string Infrastructure = "Infrastructure";
    private const string FeaturesNamespace = "Kinodialog.Web.Features.";
    private const string InfrastructureNamespace = "Kinodialog.Web.Infrastructure";
    private const string ViewsNamespace = "AspNetCoreGeneratedDocument";

    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    private FeatureGraph()
    {
    }

    /// <summary>Part → parts it uses → one example per use ("Type → Type").</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> Edges => _edges;

    public static FeatureGraph Read(string assemblyPath)
    {
        var graph = new FeatureGraph();
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var module = assembly.MainModule;
        foreach (var type in module.Types.SelectMany(AllTypes))
        {
            if (PartOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in Uses(type))
            {
                if (used.Scope == module && PartOf(used) is { } to && to != from)
                {
                    graph.Add(from, to, $"{Outer(type).FullName} → {Outer(used).FullName}");
                }
            }
        }

        return graph;
    }

    /// <summary>The part a type belongs to: its feature folder, Infrastructure, or null for the composition root.</summary>
    public static string? PartOf(TypeReference type)
    {
        var outer = Outer(type);
        var ns = outer.Namespace;
        if (ns.StartsWith(FeaturesNamespace, StringComparison.Ordinal))
        {
            return ns[FeaturesNamespace.Length..].Split('.')[0];
        }

        if (ns == InfrastructureNamespace || ns.StartsWith(InfrastructureNamespace + ".", StringComparison.Ordinal))
        {
            return Infrastructure;
        }

        // A view compiled from Features/Audience/Phone.cshtml is AspNetCoreGeneratedDocument.Features_Audience_Phone.
        if (ns == ViewsNamespace && outer.Name.StartsWith("Features_", StringComparison.Ordinal))
        {
            var rest = outer.Name["Features_".Length..];
            var end = rest.IndexOf('_', StringComparison.Ordinal);
            return end > 0 ? rest[..end] : null;
        }

        return null;
    }

    /// <summary>Parts that use each other, directly or through others: each cycle as its parts, sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(Func<string, bool> include) =>
        StronglyConnected(_edges.Keys.Concat(_edges.Values.SelectMany(v => v.Keys)).Where(include).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            node => _edges.TryGetValue(node, out var targets) ? targets.Keys.Where(include) : []);

    /// <summary>Tarjan's algorithm, iterative; components of more than one node (or a node using itself) are cycles.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> StronglyConnected(IReadOnlyList<string> nodes, Func<string, IEnumerable<string>> next)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(next);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();
        var counter = 0;
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Node, IEnumerator<string> Targets)>();
            Visit(root);
            while (work.Count > 0)
            {
                var (node, targets) = work.Peek();
                if (targets.MoveNext())
                {
                    var target = targets.Current;
                    if (!index.TryGetValue(target, out var targetIndex))
                    {
                        Visit(target);
                    }
                    else if (onStack.Contains(target))
                    {
                        low[node] = Math.Min(low[node], targetIndex);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1 || next(node).Contains(node, StringComparer.Ordinal))
                    {
                        component.Sort(StringComparer.Ordinal);
                        cycles.Add(component);
                    }
                }
            }

            void Visit(string node)
            {
                index[node] = low[node] = counter++;
                stack.Push(node);
                onStack.Add(node);
                work.Push((node, next(node).ToList().GetEnumerator()));
            }
        }

        return cycles;
    }

    private void Add(string from, string to, string example)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        }

        if (!targets.TryGetValue(to, out var examples))
        {
            targets[to] = examples = new SortedSet<string>(StringComparer.Ordinal);
        }

        examples.Add(example);
    }

    private static TypeReference Outer(TypeReference type)
    {
        while (type.DeclaringType is { } declaring)
        {
            type = declaring;
        }

        return type;
    }

    private static IEnumerable<TypeDefinition> AllTypes(TypeDefinition type) => [type, .. type.NestedTypes.SelectMany(AllTypes)];

    /// <summary>Every type named anywhere in a type: base, interfaces, attributes, members, signatures, bodies.</summary>
    private static List<TypeReference> Uses(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        Collect(type.BaseType, found);
        foreach (var i in type.Interfaces)
        {
            Collect(i.InterfaceType, found);
        }

        Attributes(type, found);
        foreach (var field in type.Fields)
        {
            Collect(field.FieldType, found);
            Attributes(field, found);
        }

        foreach (var property in type.Properties)
        {
            Collect(property.PropertyType, found);
            Attributes(property, found);
        }

        foreach (var method in type.Methods)
        {
            Collect(method.ReturnType, found);
            Attributes(method, found);
            foreach (var parameter in method.Parameters)
            {
                Collect(parameter.ParameterType, found);
                Attributes(parameter, found);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Collect(variable.VariableType, found);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Collect(t, found);
                        break;
                    case MethodReference m:
                        Collect(m.DeclaringType, found);
                        Collect(m.ReturnType, found);
                        foreach (var p in m.Parameters)
                        {
                            Collect(p.ParameterType, found);
                        }

                        if (m is GenericInstanceMethod generic)
                        {
                            foreach (var argument in generic.GenericArguments)
                            {
                                Collect(argument, found);
                            }
                        }

                        break;
                    case FieldReference f:
                        Collect(f.DeclaringType, found);
                        Collect(f.FieldType, found);
                        break;
                    case Instruction or Instruction[] or VariableDefinition or ParameterDefinition or null:
                        break;
                }
            }
        }

        return found;
    }

    private static void Attributes(ICustomAttributeProvider provider, List<TypeReference> found)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Collect(attribute.AttributeType, found);
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is TypeReference t)
                {
                    Collect(t, found);
                }
            }
        }
    }

    private static void Collect(TypeReference? type, List<TypeReference> found)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Collect(generic.ElementType, found);
                foreach (var argument in generic.GenericArguments)
                {
                    Collect(argument, found);
                }

                return;
            case TypeSpecification specification:
                Collect(specification.ElementType, found);
                return;
            default:
                found.Add(type);
                return;
        }
    }
}
