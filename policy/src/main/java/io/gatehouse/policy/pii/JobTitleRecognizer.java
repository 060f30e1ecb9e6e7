package io.gatehouse.policy.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Job titles ("Benefits manager", "Senior software engineer"): a short phrase ending in an
 * occupation noun, where the text says it is a job (after "work as a", "my job is", "position of")
 * or where it stands alone on a line, as in a signature block under a name.
 */
public final class JobTitleRecognizer implements Recognizer {

    private static final Set<String> HEADS = Set.of("manager", "engineer", "technician", "technologist", "officer",
            "director", "clerk", "operator", "assistant", "analyst", "specialist", "consultant", "designer",
            "developer", "administrator", "scientist", "surgeon", "nurse", "teacher", "lecturer", "professor",
            "accountant", "auditor", "architect", "attorney", "lawyer", "paralegal", "physician", "therapist",
            "pharmacist", "dentist", "hygienist", "cashier", "secretary", "receptionist", "coordinator",
            "supervisor", "representative", "agent", "broker", "inspector", "installer", "repairer", "mechanic",
            "electrician", "plumber", "carpenter", "welder", "machinist", "tender", "setter", "driver", "pilot",
            "editor", "writer", "journalist", "reporter", "publicist", "librarian", "counselor", "counsellor",
            "worker", "aide", "advisor", "adviser", "planner", "programmer", "drafter", "surveyor", "chemist",
            "biologist", "physicist", "economist", "statistician", "psychologist", "sociologist", "veterinarian",
            "lineman", "platemaker", "chef", "cook", "baker", "butcher", "waiter", "waitress", "bartender",
            "salesperson", "executive", "president", "ceo", "cfo", "cto", "founder", "partner", "intern",
            "controller", "treasurer", "buyer", "estimator", "examiner", "investigator", "paramedic", "radiographer",
            "midwife", "optometrist", "dietitian", "nutritionist", "trainer", "instructor", "tutor", "curator",
            "translator", "interpreter", "photographer", "artist", "musician", "actor", "producer", "farmer",
            "gardener", "landscaper", "janitor", "custodian", "guard", "firefighter", "dispatcher", "scheduler");

    private static final Pattern AFTER_CUE = Pattern.compile(
            "\\b(?:work(?:s|ed|ing)? as|employed as|job is|title is|position of|role of|i am|i'm|she is|he is|is)\\s+(?:an?\\s+|the\\s+)?"
                    + "((?:[\\p{L}-]+,?\\s+){0,5}[\\p{L}-]+)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern OWN_LINE = Pattern.compile(
            "(?m)^[ \\t>•*-]*((?:[\\p{L}-]+,?[ \\t]+){0,5}[\\p{L}-]+)[ \\t]*$");

    @Override
    public String name() {
        return "job-title";
    }

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.TITLE);
    }

    @Override
    public List<PiiSpan> recognize(String text) {
        List<PiiSpan> out = new ArrayList<>();
        List<int[]> windows = headWindows(text);
        if (windows.isEmpty()) {
            return out;
        }
        ScanWindows.forEachMatch(AFTER_CUE, text, windows, m -> add(m, 0.6, out));
        ScanWindows.forEachMatch(OWN_LINE, text, windows, m -> add(m, 0.5, out));
        return out;
    }

    /** A title ends in an occupation noun: only the stretch before each such noun can hold one. */
    private static List<int[]> headWindows(String text) {
        List<int[]> windows = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Character.isLetter(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Character.isLetter(text.charAt(i))) {
                i++;
            }
            if (i - start >= 3 && HEADS.contains(text.substring(start, i).toLowerCase(Locale.ROOT))) {
                int ws = Math.max(0, start - 120);
                int we = Math.min(n, i + 120);
                if (!windows.isEmpty() && windows.get(windows.size() - 1)[1] >= ws) {
                    windows.get(windows.size() - 1)[1] = we;
                } else {
                    windows.add(new int[] {ws, we});
                }
            }
        }
        return windows;
    }

    private static void add(java.util.regex.MatchResult m, double score, List<PiiSpan> out) {
        String phrase = m.group(1);
        String[] words = phrase.split("[\\s,]+");
        // The title ends at its head noun: "a nurse in Leeds" is the nurse, not Leeds.
        for (int k = words.length - 1; k >= 0; k--) {
            if (HEADS.contains(words[k].toLowerCase(Locale.ROOT))) {
                int end = m.start(1);
                int idx = 0;
                for (int w = 0; w <= k; w++) {
                    idx = phrase.indexOf(words[w], idx) + words[w].length();
                }
                end += idx;
                out.add(new PiiSpan(m.start(1), end, PiiType.TITLE, score));
                break;
            }
        }
    }
}
