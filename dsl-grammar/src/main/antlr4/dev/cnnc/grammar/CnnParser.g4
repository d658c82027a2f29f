/*
 * Parser of the .cnn language. See docs/language.md for the reference.
 * No Java actions: the compiler's AstBuilder visits this tree and keeps every
 * node's source position.
 */
parser grammar CnnParser;

options { tokenVocab = CnnLexer; }

file
    : topLevel* EOF
    ;

topLevel
    : IMPORT importTarget SEMI?                              # importDecl
    | BLOCK name=ID paramList? body                          # blockDecl
    | MODEL name=ID paramList? body                          # modelDecl
    ;

importTarget
    : ID (DOT ID)*                                           # dottedImport
    | STRING                                                 # pathImport
    ;

paramList
    : LPAREN (param (COMMA param)* COMMA?)? RPAREN
    ;

param
    : ID (ASSIGN expr)?
    ;

body
    : LBRACE statement* RBRACE
    ;

statement
    : INPUT inputDecl (COMMA inputDecl)* SEMI?               # inputStmt
    | OUTPUT outputItem (COMMA outputItem)* SEMI?            # outputStmt
    | ID ASSIGN chain SEMI?                                  # assignStmt
    | ifStatement                                            # ifStmt
    | TRAIN LBRACE trainEntry* RBRACE                        # trainStmt
    ;

ifStatement
    : IF expr body (ELSE (body | ifStatement))?
    ;

inputDecl
    : ID (COLON tensorType)?
    ;

tensorType
    : dtype=ID? LBRACK expr (COMMA expr)* RBRACK
    ;

outputItem
    : ID (ASSIGN chain)?
    ;

trainEntry
    : ID COLON expr SEMI?
    ;

/* x -> conv(64, kernel: 3) -> relu */
chain
    : expr layerAlias? (ARROW stage)*
    ;

stage
    : ID (LPAREN args? RPAREN)? (STAR repeat=atom)? layerAlias?
    ;

layerAlias
    : AS layerName
    ;

/* `features.0`, `layer1.0.conv1`; `a.0.1` lexes its `0.1` as one FLOAT token. */
layerName
    : (ID | INT) (DOT (ID | INT | FLOAT))*
    ;

args
    : arg (COMMA arg)* COMMA?
    ;

/* Keywords may name options; an argument may be a chain: `concat(x -> conv(8, 1), y)`. */
arg
    : (argName COLON)? chain
    ;

argName
    : ID | INPUT | OUTPUT | TRAIN | MODEL | BLOCK | IMPORT | AS | IF | ELSE
    ;

expr
    : MINUS expr                                             # negExpr
    | expr op=(STAR | SLASH | PERCENT) expr                  # mulExpr
    | expr op=(PLUS | MINUS) expr                            # addExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr             # compareExpr
    | NOT expr                                               # notExpr
    | expr AND expr                                          # andExpr
    | expr OR expr                                           # orExpr
    | atom                                                   # atomExpr
    ;

atom
    : INT                                                    # intLit
    | FLOAT                                                  # floatLit
    | STRING                                                 # stringLit
    | (TRUE | FALSE)                                         # boolLit
    | ID LPAREN args? RPAREN                                 # callExpr
    | ID                                                     # nameExpr
    | LPAREN expr RPAREN                                     # parenExpr
    | LPAREN expr COMMA (expr (COMMA expr)*)? COMMA? RPAREN  # tupleExpr
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK             # listExpr
    ;
