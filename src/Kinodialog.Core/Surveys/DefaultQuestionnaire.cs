namespace Kinodialog.Core.Surveys;

/// <summary>
/// The built-in perception survey (the spec's default questionnaire, in our own wording), in
/// English, Armenian, Azerbaijani and Russian. Asked about the other community by name:
/// <c>{other}</c> forms come from <see cref="QuestionnaireDefinition.OtherNames"/>.
/// </summary>
public static class DefaultQuestionnaire
{
    public const string Key = "perception-default";

    private static Dictionary<string, string> T(string en, string hy, string az, string ru) =>
        new(StringComparer.Ordinal) { ["en"] = en, ["hy"] = hy, ["az-Latn"] = az, ["ru"] = ru };

    private static SurveyChoice C(string code, double? value, string en, string hy, string az, string ru) => new(code, T(en, hy, az, ru), value);

    private static SurveyChoice DontKnow => new("dont-know", T("Don't know", "Չգիտեմ", "Bilmirəm", "Не знаю"), null, true);

    private static SurveyChoice PreferNot => new("prefer-not", T("Prefer not to say", "Նախընտրում եմ չասել", "Deməmək istəyirəm", "Предпочитаю не отвечать"), null, true);

    private static List<SurveyChoice> FivePoints(string low, string lowHy, string lowAz, string lowRu, string high, string highHy, string highAz, string highRu) =>
    [
        C("1", 1, "1 – " + low, "1 – " + lowHy, "1 – " + lowAz, "1 – " + lowRu),
        C("2", 2, "2", "2", "2", "2"),
        C("3", 3, "3", "3", "3", "3"),
        C("4", 4, "4", "4", "4", "4"),
        C("5", 5, "5 – " + high, "5 – " + highHy, "5 – " + highAz, "5 – " + highRu),
        PreferNot,
    ];

    public static QuestionnaireDefinition Create()
    {
        var questions = new List<SurveyQuestion>
        {
            new("community", QuestionType.SingleChoice, QuestionTiming.Profile,
                T("Which community do you feel you belong to? (optional)", "Ո՞ր համայնքին եք ձեզ պատկանող համարում (ըստ ցանկության)", "Özünüzü hansı icmaya aid hesab edirsiniz? (istəyə bağlı)", "К какой общине вы себя относите? (по желанию)"),
                [
                    C("armenian", null, "Armenian", "Հայ", "Erməni", "Армянская"),
                    C("azerbaijani", null, "Azerbaijani", "Ադրբեջանցի", "Azərbaycanlı", "Азербайджанская"),
                    C("other", null, "Other", "Այլ", "Digər", "Другая"),
                    PreferNot,
                ]),
            new("age", QuestionType.SingleChoice, QuestionTiming.Profile,
                T("Your age (optional)", "Ձեր տարիքը (ըստ ցանկության)", "Yaşınız (istəyə bağlı)", "Ваш возраст (по желанию)"),
                [
                    C("under-18", null, "Under 18", "Մինչև 18", "18-dən az", "До 18"),
                    C("18-24", null, "18–24", "18–24", "18–24", "18–24"),
                    C("25-34", null, "25–34", "25–34", "25–34", "25–34"),
                    C("35-49", null, "35–49", "35–49", "35–49", "35–49"),
                    C("50-64", null, "50–64", "50–64", "50–64", "50–64"),
                    C("65-plus", null, "65 or older", "65 և ավելի", "65 və yuxarı", "65 и старше"),
                    PreferNot,
                ]),
            new("gender", QuestionType.SingleChoice, QuestionTiming.Profile,
                T("Gender (optional)", "Սեռ (ըստ ցանկության)", "Cins (istəyə bağlı)", "Пол (по желанию)"),
                [
                    C("woman", null, "Woman", "Կին", "Qadın", "Женщина"),
                    C("man", null, "Man", "Տղամարդ", "Kişi", "Мужчина"),
                    C("another", null, "Another way", "Այլ կերպ", "Başqa cür", "Иначе"),
                    PreferNot,
                ]),
            new("business", QuestionType.SingleChoice, QuestionTiming.Both,
                T("Would you approve or disapprove of people of your nationality doing business with {other}?",
                  "Կհավանեի՞ք, թե՞ ոչ, որ ձեր ազգության մարդիկ գործ անեն {other:gen} հետ։",
                  "Millətinizdən olan insanların {other:with} biznes qurmasını bəyənərdinizmi, yoxsa bəyənməzdiniz?",
                  "Вы бы одобрили или не одобрили, если бы люди вашей национальности вели бизнес с {other:instr}?"),
                [
                    C("approve", 1, "Approve", "Կհավանեի", "Bəyənərdim", "Одобрил(а) бы"),
                    C("disapprove", 0, "Disapprove", "Չէի հավանի", "Bəyənməzdim", "Не одобрил(а) бы"),
                    DontKnow,
                    PreferNot,
                ]),
            new("distance", QuestionType.Likert, QuestionTiming.Both,
                T("What is the closest relationship you would accept with {other:one}?",
                  "Ո՞րն է ամենամոտ հարաբերությունը, որ կընդունեիք {other:one} հետ։",
                  "Bir {other:one} ilə qəbul edəcəyiniz ən yaxın münasibət hansıdır?",
                  "Какие самые близкие отношения вы приняли бы с {other:one}?"),
                [
                    C("family", 1, "Family by marriage", "Խնամի (ամուսնությամբ ընտանիք)", "Nikah yolu ilə ailə", "Родство через брак"),
                    C("friend", 2, "Close friend", "Մտերիմ ընկեր", "Yaxın dost", "Близкий друг"),
                    C("neighbour", 3, "Neighbour", "Հարևան", "Qonşu", "Сосед"),
                    C("colleague", 4, "Colleague", "Գործընկեր", "İş yoldaşı", "Коллега"),
                    C("citizen", 5, "Fellow citizen", "Համաքաղաքացի", "Həmvətən", "Согражданин"),
                    C("visitor", 6, "Visitor only", "Միայն այցելու", "Yalnız qonaq", "Только гость"),
                    C("none", 7, "None", "Ոչ մի հարաբերություն", "Heç biri", "Никакие"),
                    PreferNot,
                ],
                Better: BetterEnd.Lower),
            new("warmth", QuestionType.Thermometer, QuestionTiming.Both,
                T("How warm or cold do you feel towards ordinary {other}? 0 = very cold, 100 = very warm.",
                  "Որքա՞ն ջերմ կամ սառն եք վերաբերվում սովորական {other:dat}։ 0 = շատ սառը, 100 = շատ ջերմ։",
                  "Adi {other:dat} qarşı nə qədər isti və ya soyuq münasibət bəsləyirsiniz? 0 = çox soyuq, 100 = çox isti.",
                  "Насколько тепло или холодно вы относитесь к обычным {other:dat}? 0 = очень холодно, 100 = очень тепло."),
                [PreferNot]),
            new("trust", QuestionType.Likert, QuestionTiming.Both,
                T("How much do you trust ordinary {other}?", "Որքանո՞վ եք վստահում սովորական {other:dat}։", "Adi {other:dat} nə qədər etibar edirsiniz?", "Насколько вы доверяете обычным {other:dat}?"),
                FivePoints("fully distrust", "բոլորովին չեմ վստահում", "heç etibar etmirəm", "совсем не доверяю", "fully trust", "լիովին վստահում եմ", "tam etibar edirəm", "полностью доверяю")),
            new("coexist", QuestionType.Likert, QuestionTiming.Both,
                T("Can our two peoples one day live side by side in peace?", "Կկարողանա՞ն արդյոք մեր երկու ժողովուրդները մի օր խաղաղ ապրել կողք կողքի։", "İki xalqımız nə vaxtsa yan-yana sülh içində yaşaya biləcəkmi?", "Смогут ли наши два народа когда-нибудь жить рядом в мире?"),
                [
                    C("no", 1, "Definitely not", "Անշուշտ ոչ", "Qətiyyən yox", "Точно нет"),
                    C("rather-no", 2, "Probably not", "Հավանաբար ոչ", "Çətin ki", "Скорее нет"),
                    C("rather-yes", 3, "Probably yes", "Հավանաբար այո", "Yəqin ki, bəli", "Скорее да"),
                    C("yes", 4, "Definitely yes", "Անշուշտ այո", "Mütləq bəli", "Точно да"),
                    DontKnow,
                    PreferNot,
                ]),
            new("traits", QuestionType.Likert, QuestionTiming.Both,
                T("Ordinary {other} are…", "Սովորական {other}…", "Adi {other}…", "Обычные {other} —…"),
                [
                    C("1", 1, "1", "1", "1", "1"), C("2", 2, "2", "2", "2", "2"), C("3", 3, "3", "3", "3", "3"),
                    C("4", 4, "4", "4", "4", "4"), C("5", 5, "5", "5", "5", "5"), PreferNot,
                ],
                [
                    new("friendly", T("hostile (1) – friendly (5)", "թշնամաբար տրամադրված (1) – բարյացակամ (5)", "düşmən münasibətli (1) – mehriban (5)", "враждебные (1) – дружелюбные (5)")),
                    new("trustworthy", T("untrustworthy (1) – trustworthy (5)", "անվստահելի (1) – վստահելի (5)", "etibarsız (1) – etibarlı (5)", "ненадёжные (1) – надёжные (5)")),
                    new("peaceful", T("aggressive (1) – peaceful (5)", "ագրեսիվ (1) – խաղաղասեր (5)", "aqressiv (1) – sülhsevər (5)", "агрессивные (1) – миролюбивые (5)")),
                ]),
            new("unease", QuestionType.Likert, QuestionTiming.Both,
                T("If you met {other:one}, how uneasy would you feel?", "Եթե հանդիպեիք {other:one}, որքա՞ն անհանգիստ կզգայիք ձեզ։", "Bir {other:one} ilə qarşılaşsaydınız, özünüzü nə qədər narahat hiss edərdiniz?", "Если бы вы встретили {other:acc}, насколько неловко вы бы себя чувствовали?"),
                FivePoints("not uneasy at all", "բոլորովին անհանգիստ չէի լինի", "heç narahat olmazdım", "совсем не неловко", "very uneasy", "շատ անհանգիստ", "çox narahat", "очень неловко"),
                Better: BetterEnd.Lower),
            new("again", QuestionType.SingleChoice, QuestionTiming.Post,
                T("Would you take part in another joint screening, or keep in touch with someone from the other side?", "Կմասնակցե՞իք ևս մեկ համատեղ ցուցադրության կամ կապ կպահպանե՞իք մյուս կողմից որևէ մեկի հետ։", "Başqa bir birgə nümayişdə iştirak edərdinizmi, ya da qarşı tərəfdən kimsə ilə əlaqə saxlayardınızmı?", "Приняли бы вы участие в ещё одном совместном показе или поддерживали бы связь с кем-то с другой стороны?"),
                [
                    C("yes", null, "Yes", "Այո", "Bəli", "Да"),
                    C("maybe", null, "Maybe", "Գուցե", "Bəlkə", "Возможно"),
                    C("no", null, "No", "Ոչ", "Xeyr", "Нет"),
                    PreferNot,
                ]),
            new("safe", QuestionType.Likert, QuestionTiming.Post,
                T("Did you feel safe and respected during the discussion?", "Քննարկման ընթացքում ձեզ ապահով և հարգված զգացի՞ք։", "Müzakirə zamanı özünüzü təhlükəsiz və hörmət görən hiss etdinizmi?", "Чувствовали ли вы себя в безопасности и с уважением во время обсуждения?"),
                FivePoints("not at all", "բոլորովին ոչ", "qətiyyən yox", "совсем нет", "completely", "լիովին", "tamamilə", "полностью")),
            new("fair", QuestionType.Likert, QuestionTiming.Post,
                T("Did the film show people from the other side fairly?", "Ֆիլմը արդարացի՞ ներկայացրեց մյուս կողմի մարդկանց։", "Film qarşı tərəfin insanlarını ədalətli göstərdimi?", "Справедливо ли фильм показал людей с другой стороны?"),
                FivePoints("not at all", "բոլորովին ոչ", "qətiyyən yox", "совсем нет", "completely", "լիովին", "tamamilə", "полностью")),
        };

        return new QuestionnaireDefinition(
            T("Perception survey", "Ընկալումների հարցում", "Qavrayış sorğusu", "Опрос о восприятии"),
            questions,
            DefaultOtherNames());
    }

    /// <summary>
    /// A stored version of the built-in questionnaire with each question's <see cref="SurveyQuestion.Better"/>
    /// taken from <see cref="Create"/> (versions stored before the field existed read every scale as
    /// "higher is better", which is wrong for social distance and unease). Only the reporting direction
    /// changes; questions, labels and answers stay as published.
    /// </summary>
    public static QuestionnaireDefinition WithBuiltInDirections(QuestionnaireDefinition stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var builtIn = Create().Questions.ToDictionary(q => q.Id, q => q.Better, StringComparer.Ordinal);
        return stored with
        {
            Questions = [.. stored.Questions.Select(q => builtIn.TryGetValue(q.Id, out var better) ? q with { Better = better } : q)],
        };
    }

    /// <summary>Names of the other community, per own community, culture and grammatical form.</summary>
    public static Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DefaultOtherNames()
    {
        static Dictionary<string, string> F(params (string Form, string Text)[] forms) => forms.ToDictionary(f => f.Form, f => f.Text, StringComparer.Ordinal);

        // An Armenian participant is asked about Azerbaijanis, and the other way round; someone
        // who did not say is asked about "the other side".
        return new(StringComparer.Ordinal)
        {
            ["armenian"] = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["en"] = F(("", "Azerbaijanis"), ("one", "an Azerbaijani")),
                ["hy"] = F(("", "ադրբեջանցիները"), ("gen", "ադրբեջանցիների"), ("dat", "ադրբեջանցիներին"), ("one", "մի ադրբեջանցու")),
                ["az-Latn"] = F(("", "azərbaycanlılar"), ("with", "azərbaycanlılarla"), ("dat", "azərbaycanlılara"), ("one", "azərbaycanlı")),
                ["ru"] = F(("", "азербайджанцы"), ("instr", "азербайджанцами"), ("dat", "азербайджанцам"), ("one", "обычным азербайджанцем"), ("acc", "азербайджанца")),
            },
            ["azerbaijani"] = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["en"] = F(("", "Armenians"), ("one", "an Armenian")),
                ["hy"] = F(("", "հայերը"), ("gen", "հայերի"), ("dat", "հայերին"), ("one", "մի հայի")),
                ["az-Latn"] = F(("", "ermənilər"), ("with", "ermənilərlə"), ("dat", "ermənilərə"), ("one", "erməni")),
                ["ru"] = F(("", "армяне"), ("instr", "армянами"), ("dat", "армянам"), ("one", "обычным армянином"), ("acc", "армянина")),
            },
            [""] = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["en"] = F(("", "people from the other side"), ("one", "someone from the other side")),
                ["hy"] = F(("", "մյուս կողմի մարդիկ"), ("gen", "մյուս կողմի մարդկանց"), ("dat", "մյուս կողմի մարդկանց"), ("one", "մյուս կողմից որևէ մեկի")),
                ["az-Latn"] = F(("", "qarşı tərəfin insanları"), ("with", "qarşı tərəfin insanları ilə"), ("dat", "qarşı tərəfin insanlarına"), ("one", "qarşı tərəfdən olan insan")),
                ["ru"] = F(("", "люди с другой стороны"), ("instr", "людьми с другой стороны"), ("dat", "людям с другой стороны"), ("one", "человеком с другой стороны"), ("acc", "человека с другой стороны")),
            },
        };
    }
}
