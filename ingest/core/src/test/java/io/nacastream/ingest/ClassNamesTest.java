package io.nacastream.ingest;

import io.nacastream.ingest.label.ClassNames;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassNamesTest {

    @Test
    void presetsCountsAndListsParseAndPrintBack() {
        ClassNames gesture = ClassNames.parse("dvs-gesture");
        assertEquals(11, gesture.count());
        assertEquals("hand clap", gesture.name(0));
        assertEquals("other", gesture.name(10));
        assertEquals("dvs-gesture", gesture.spec());
        ClassNames ten = ClassNames.parse(" 10 ");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), ten.names());
        assertEquals("10", ten.spec());
        assertEquals(ten, ClassNames.parse("0,1,2,3,4,5,6,7,8,9"), "the folder names of N-MNIST are its ids");
        ClassNames poker = ClassNames.parse("club, diamond,heart ,spade");
        assertEquals(List.of("club", "diamond", "heart", "spade"), poker.names());
        assertEquals(poker, ClassNames.parse(poker.spec()));
        assertEquals("class 7", poker.name(7));
        assertEquals("class -1", poker.name(-1));
    }

    @Test
    void emptyDuplicateOrHugeClassListsAreRefused() {
        for (String bad : new String[] {"", "0", "a,a", "a,,b", " , ", "10001", "99999999999"}) {
            assertThrows(IllegalArgumentException.class, () -> ClassNames.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new ClassNames(List.of("a,b")));
    }
}
