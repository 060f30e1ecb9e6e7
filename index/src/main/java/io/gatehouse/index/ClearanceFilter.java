package io.gatehouse.index;

import io.gatehouse.policy.Principal;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * {@link Principal#mayRead} as a Lucene query: tier at most the clearance, and either no groups on
 * the chunk or one shared with the principal. Used as a FILTER clause of the BM25 query and as the
 * pre-filter of the k-NN query, so nothing above clearance is scored, ranked or returned.
 */
public final class ClearanceFilter {

    private ClearanceFilter() {
    }

    public static Query of(Principal p) {
        Query tier = IntPoint.newRangeQuery(ChunkFields.TIER, 0, p.clearance().rank());
        BooleanQuery.Builder groups = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(ChunkFields.HAS_GROUPS, "false")), Occur.SHOULD);
        for (String g : p.groups()) {
            groups.add(new TermQuery(new Term(ChunkFields.GROUP, g)), Occur.SHOULD);
        }
        return new BooleanQuery.Builder()
                .add(tier, Occur.FILTER)
                .add(groups.setMinimumNumberShouldMatch(1).build(), Occur.FILTER)
                .build();
    }
}
